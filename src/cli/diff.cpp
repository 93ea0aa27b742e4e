#include "cli/diff.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace fanout::cli {
namespace {

// Lines keep their terminator, so a missing final newline is a difference too.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class OpKind : std::uint8_t { equal, remove, insert };

/// One line of the edit script; `a` and `b` are the positions in each side
/// before this line (for `equal`, the indexes of the line in both).
struct Op {
  OpKind kind;
  std::size_t a;
  std::size_t b;
};

// Myers stops beyond this many differing lines (it takes O((N+M)D) time and
// O(D^2) memory): `--fix-dry-run` on a bundle whose every line changes must
// stay linear. Fixes change lines locally, which the windowed scan handles.
constexpr std::ptrdiff_t kMaxMyersDistance = 500;
constexpr std::ptrdiff_t kWindow = 64;

// A scan that, where the sides differ, looks for the nearest pair of equal
// lines at most kWindow lines ahead on each side: O((N+M) kWindow^2) at
// worst, not minimal, but a correct script.
std::vector<Op> windowed_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b,
                                std::size_t from_a, std::size_t to_a, std::size_t from_b, std::size_t to_b) {
  std::vector<Op> ops;
  std::size_t i = from_a;
  std::size_t j = from_b;
  const auto take = [&](std::size_t di, std::size_t dj) {
    for (std::size_t k = 0; k < di; ++k) ops.push_back({OpKind::remove, i + k, j});
    for (std::size_t k = 0; k < dj; ++k) ops.push_back({OpKind::insert, i + di, j + k});
    i += di;
    j += dj;
  };
  while (i < to_a || j < to_b) {
    if (i < to_a && j < to_b && a[i] == b[j]) {
      ops.push_back({OpKind::equal, i, j});
      ++i, ++j;
      continue;
    }
    const std::size_t left_a = to_a - i;
    const std::size_t left_b = to_b - j;
    bool synced = false;
    // The nearest resynchronisation: fewest lines skipped on both sides.
    for (std::size_t skip = 1; skip <= 2 * static_cast<std::size_t>(kWindow) && !synced; ++skip) {
      for (std::size_t di = 0; di <= skip && !synced; ++di) {
        const std::size_t dj = skip - di;
        if (di > left_a || dj > left_b || di > static_cast<std::size_t>(kWindow) ||
            dj > static_cast<std::size_t>(kWindow)) {
          continue;
        }
        const bool both_end = di == left_a && dj == left_b;
        if (both_end || (di < left_a && dj < left_b && a[i + di] == b[j + dj])) {
          take(di, dj);
          synced = true;
        }
      }
    }
    if (!synced) {
      take(std::min<std::size_t>(left_a, kWindow), std::min<std::size_t>(left_b, kWindow));
    }
  }
  return ops;
}

// Myers' greedy O((N+M)D) shortest edit script over the lines that differ,
// keeping for each d only the diagonals backtracking reads (O(D^2) memory);
// beyond kMaxMyersDistance, the windowed scan.
std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const auto n = static_cast<std::ptrdiff_t>(a.size() - prefix - suffix);
  const auto m = static_cast<std::ptrdiff_t>(b.size() - prefix - suffix);
  const auto same = [&](std::ptrdiff_t x, std::ptrdiff_t y) {
    return a[prefix + static_cast<std::size_t>(x)] == b[prefix + static_cast<std::size_t>(y)];
  };

  const std::ptrdiff_t max = n + m;
  const auto windowed = [&] {
    std::vector<Op> ops;
    for (std::size_t i = 0; i < prefix; ++i) ops.push_back({OpKind::equal, i, i});
    const std::vector<Op> middle = windowed_script(a, b, prefix, prefix + static_cast<std::size_t>(n), prefix,
                                                   prefix + static_cast<std::size_t>(m));
    ops.insert(ops.end(), middle.begin(), middle.end());
    for (std::size_t i = 0; i < suffix; ++i) {
      ops.push_back({OpKind::equal, a.size() - suffix + i, b.size() - suffix + i});
    }
    return ops;
  };
  std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
  const auto at = [&](std::ptrdiff_t k) -> std::ptrdiff_t& { return v[static_cast<std::size_t>(k + max + 1)]; };
  std::vector<std::vector<std::ptrdiff_t>> trace;  // trace[d][k + d + 1]: v before round d
  for (std::ptrdiff_t d = 0; d <= max; ++d) {
    if (d > kMaxMyersDistance) return windowed();
    std::vector<std::ptrdiff_t>& saved = trace.emplace_back(static_cast<std::size_t>(2 * d + 3));
    for (std::ptrdiff_t k = -d - 1; k <= d + 1; ++k) {
      if (k >= -max - 1 && k <= max + 1) saved[static_cast<std::size_t>(k + d + 1)] = at(k);
    }
    bool done = false;
    for (std::ptrdiff_t k = -d; k <= d && !done; k += 2) {
      std::ptrdiff_t x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      std::ptrdiff_t y = x - k;
      while (x < n && y < m && same(x, y)) ++x, ++y;
      at(k) = x;
      done = x >= n && y >= m;
    }
    if (done) break;
  }

  std::vector<Op> middle;
  std::ptrdiff_t x = n;
  std::ptrdiff_t y = m;
  for (auto d = static_cast<std::ptrdiff_t>(trace.size()) - 1; d >= 0; --d) {
    const auto& saved = trace[static_cast<std::size_t>(d)];
    const auto old = [&](std::ptrdiff_t k) { return saved[static_cast<std::size_t>(k + d + 1)]; };
    const std::ptrdiff_t k = x - y;
    const std::ptrdiff_t prev_k = (k == -d || (k != d && old(k - 1) < old(k + 1))) ? k + 1 : k - 1;
    const std::ptrdiff_t prev_x = d == 0 ? 0 : old(prev_k);
    const std::ptrdiff_t prev_y = d == 0 ? 0 : prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      --x, --y;
      middle.push_back({OpKind::equal, static_cast<std::size_t>(x), static_cast<std::size_t>(y)});
    }
    if (d == 0) break;
    if (x == prev_x) {
      middle.push_back({OpKind::insert, static_cast<std::size_t>(prev_x), static_cast<std::size_t>(prev_y)});
    } else {
      middle.push_back({OpKind::remove, static_cast<std::size_t>(prev_x), static_cast<std::size_t>(prev_y)});
    }
    x = prev_x;
    y = prev_y;
  }

  std::vector<Op> ops;
  ops.reserve(prefix + middle.size() + suffix);
  for (std::size_t i = 0; i < prefix; ++i) ops.push_back({OpKind::equal, i, i});
  for (auto it = middle.rbegin(); it != middle.rend(); ++it) ops.push_back({it->kind, it->a + prefix, it->b + prefix});
  for (std::size_t i = 0; i < suffix; ++i) {
    ops.push_back({OpKind::equal, a.size() - suffix + i, b.size() - suffix + i});
  }
  return ops;
}

// GNU style: `-l` for one line, `-l,0` naming the line before an empty range.
std::string range(std::size_t start, std::size_t count) {
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", count == 0 ? start : start + 1, count);
}

void append_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view path,
                         std::size_t context) {
  if (before == after) return {};
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  const std::vector<Op> ops = edit_script(a, b);

  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  std::size_t i = 0;
  while (i < ops.size()) {
    if (ops[i].kind == OpKind::equal) {
      ++i;
      continue;
    }
    // A hunk runs from `context` lines before this change to `context` lines
    // after the last change that is at most 2 * context equal lines further.
    const std::size_t start = i > context ? i - context : 0;
    std::size_t last = i;
    for (std::size_t j = i; j < ops.size() && j <= last + 2 * context; ++j) {
      if (ops[j].kind != OpKind::equal) last = j;
    }
    const std::size_t end = std::min(ops.size(), last + 1 + context);
    std::size_t a_count = 0;
    std::size_t b_count = 0;
    for (std::size_t j = start; j < end; ++j) {
      if (ops[j].kind != OpKind::insert) ++a_count;
      if (ops[j].kind != OpKind::remove) ++b_count;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(ops[start].a, a_count), range(ops[start].b, b_count));
    for (std::size_t j = start; j < end; ++j) {
      switch (ops[j].kind) {
        case OpKind::equal: append_line(out, ' ', a[ops[j].a]); break;
        case OpKind::remove: append_line(out, '-', a[ops[j].a]); break;
        case OpKind::insert: append_line(out, '+', b[ops[j].b]); break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace fanout::cli
