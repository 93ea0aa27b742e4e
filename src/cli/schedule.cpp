#include "cli/schedule.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <numeric>
#include <string>

namespace fanout::cli {

Schedule::Schedule(std::vector<std::uintmax_t> sizes, std::uintmax_t budget)
    : sizes_(std::move(sizes)), budget_(budget) {
  std::vector<std::size_t> order(sizes_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return sizes_[a] > sizes_[b]; });
  waiting_.assign(order.begin(), order.end());
}

bool Schedule::fits(std::size_t index) const {
  // A file alone always runs, however big: nothing else could free memory for it.
  return running_ == 0 || in_flight_ + sizes_[index] <= budget_;
}

std::optional<std::size_t> Schedule::take() {
  std::size_t index = 0;
  if (fits(waiting_.front())) {
    index = waiting_.front();
    waiting_.pop_front();
  } else if (fits(waiting_.back())) {
    index = waiting_.back();
    waiting_.pop_back();
  } else {
    return std::nullopt;
  }
  in_flight_ += sizes_[index];
  ++running_;
  return index;
}

std::optional<std::size_t> Schedule::next() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (waiting_.empty()) return std::nullopt;
    if (auto index = take()) return index;
    freed_.wait(lock);  // running_ > 0 here: a done() will wake us
  }
}

void Schedule::done(std::size_t index) {
  {
    const std::lock_guard lock(mutex_);
    in_flight_ -= sizes_[index];
    --running_;
  }
  freed_.notify_all();
}

std::vector<std::uintmax_t> file_sizes(const std::vector<SourcePath>& files) {
  std::vector<std::uintmax_t> sizes(files.size(), 0);
  for (std::size_t i = 0; i < files.size(); ++i) {
    struct stat st;
    if (stat(files[i].path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      sizes[i] = static_cast<std::uintmax_t>(st.st_size);
    }
  }
  return sizes;
}

}  // namespace fanout::cli
