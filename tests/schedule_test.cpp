// The driver's schedule: biggest files first, never more source bytes in
// flight than the budget (the peak memory of a scan follows from it), and no
// worker left waiting forever.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "cli/schedule.hpp"

namespace fanout::cli {
namespace {

TEST(Schedule, OneWorkerGetsTheBiggestFilesFirst) {
  Schedule schedule({5, 50, 1, 20}, 1000);
  std::vector<std::size_t> order;
  while (auto next = schedule.next()) {
    order.push_back(*next);
    schedule.done(*next);
  }
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 3, 0, 2}));
}

TEST(Schedule, WhenTheNextBigFileDoesNotFitTheSmallestOneIsTaken) {
  Schedule schedule({90, 80, 3, 2}, 100);
  EXPECT_EQ(schedule.next(), 0u);  // 90 in flight
  EXPECT_EQ(schedule.next(), 3u);  // 80 would not fit; 2 does
  EXPECT_EQ(schedule.next(), 2u);  // and so does 3 (95 in flight)
  schedule.done(0);
  EXPECT_EQ(schedule.next(), 1u);  // 90 freed: 80 fits now
  schedule.done(1);
  schedule.done(2);
  schedule.done(3);
  EXPECT_EQ(schedule.next(), std::nullopt);
}

TEST(Schedule, AFileBiggerThanTheBudgetRunsAlone) {
  Schedule schedule({500, 10}, 100);
  EXPECT_EQ(schedule.next(), 0u);  // nothing in flight: it runs
  std::atomic<bool> got_second{false};
  std::thread second([&] {
    EXPECT_EQ(schedule.next(), 1u);  // waits: 510 would exceed the budget
    got_second = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(got_second.load());
  schedule.done(0);
  second.join();
  EXPECT_TRUE(got_second.load());
}

TEST(Schedule, ManyWorkersStayWithinTheBudgetAndFinishEveryFile) {
  std::vector<std::uintmax_t> sizes;
  for (std::uintmax_t i = 0; i < 2000; ++i) sizes.push_back((i * 7919) % 400 + 1);
  sizes[17] = 900;  // one file bigger than half the budget
  constexpr std::uintmax_t kBudget = 1000;
  Schedule schedule(sizes, kBudget);
  std::mutex mutex;
  std::uintmax_t in_flight = 0;
  std::uintmax_t peak = 0;
  std::vector<int> seen(sizes.size(), 0);
  std::vector<std::thread> workers;
  for (int w = 0; w < 16; ++w) {
    workers.emplace_back([&] {
      while (auto next = schedule.next()) {
        {
          const std::lock_guard lock(mutex);
          in_flight += sizes[*next];
          peak = std::max(peak, in_flight);
          ++seen[*next];
        }
        std::this_thread::yield();
        {
          const std::lock_guard lock(mutex);
          in_flight -= sizes[*next];
        }
        schedule.done(*next);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_LE(peak, kBudget);
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}

}  // namespace
}  // namespace fanout::cli
