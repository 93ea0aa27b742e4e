// The order files are handed to the workers in, under a memory budget.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "fanout/files.hpp"

namespace fanout::cli {

/// Source bytes that may be in flight at once. A tree takes about 30 bytes
/// of memory per byte of source, so 12 MiB of source keeps the trees of a
/// whole-repository scan near 400 MB whatever the number of workers; it is
/// above the largest file fanout reads (kMaxSourceBytes), which therefore
/// never waits for more than the files already in flight.
inline constexpr std::uintmax_t kInFlightBudget = 12u << 20;

/// Hands out files biggest first (a large file started last leaves one
/// thread working alone) while the sizes of the files in flight fit the
/// budget. When the next big file does not fit, a worker takes the smallest
/// file left instead of waiting, and waits only when neither fits.
class Schedule {
 public:
  explicit Schedule(std::vector<std::uintmax_t> sizes, std::uintmax_t budget = kInFlightBudget);

  /// The index of the next file; blocks while none fits. nullopt when all
  /// files have been handed out.
  std::optional<std::size_t> next();
  /// Gives a finished file's bytes back to the budget.
  void done(std::size_t index);

 private:
  bool fits(std::size_t index) const;
  std::optional<std::size_t> take();

  std::vector<std::uintmax_t> sizes_;
  std::uintmax_t budget_;
  std::deque<std::size_t> waiting_;  ///< biggest first
  std::uintmax_t in_flight_ = 0;
  std::size_t running_ = 0;
  std::mutex mutex_;
  std::condition_variable freed_;
};

/// Each file's size for the schedule (0 when it cannot be stat'ed: it will
/// fail to be read anyway).
std::vector<std::uintmax_t> file_sizes(const std::vector<SourcePath>& files);

}  // namespace fanout::cli
