// Applies fixes in one pass: a fix's edits all or none, and a fix that touches
// what an earlier one touched waits for the next pass (style.md, Fixes: sort
// edits, skip overlaps; the driver reparses and runs further passes).
#include <algorithm>
#include <cstdint>

#include "fanout/fix.hpp"

namespace fanout {

namespace {

// Two insertions at one point have no defined order, so they collide too.
bool collide(const Edit& a, const Edit& b) {
  if (a.start == a.end && b.start == b.end) return a.start == b.start;
  return a.start < b.end && b.start < a.end;
}

bool fits(const Fix& fix, std::size_t size) {
  for (std::size_t i = 0; i < fix.edits.size(); ++i) {
    const Edit& e = fix.edits[i];
    if (e.start > e.end || e.end > size) return false;
    for (std::size_t j = i + 1; j < fix.edits.size(); ++j) {
      if (collide(e, fix.edits[j])) return false;
    }
  }
  return true;
}

std::uint32_t first_start(const Fix& fix) {
  std::uint32_t first = UINT32_MAX;
  for (const Edit& e : fix.edits) first = std::min(first, e.start);
  return first;
}

}  // namespace

AppliedFixes apply_fixes(const std::string& text, const std::vector<const Fix*>& fixes) {
  AppliedFixes result;
  std::vector<const Fix*> order;
  for (const Fix* fix : fixes) {
    if (fix != nullptr && !fix->edits.empty()) order.push_back(fix);
  }
  // Earlier fixes first, so a pass is deterministic whatever order rules ran in.
  std::stable_sort(order.begin(), order.end(),
                   [](const Fix* a, const Fix* b) { return first_start(*a) < first_start(*b); });

  std::vector<const Edit*> accepted;
  for (const Fix* fix : order) {
    bool ok = fits(*fix, text.size());
    for (std::size_t i = 0; ok && i < fix->edits.size(); ++i) {
      for (const Edit* taken : accepted) {
        if (collide(fix->edits[i], *taken)) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) {
      ++result.skipped;
      continue;
    }
    for (const Edit& e : fix->edits) accepted.push_back(&e);
    ++result.applied;
  }

  // An insertion placed where a replacement starts goes before it.
  std::stable_sort(accepted.begin(), accepted.end(), [](const Edit* a, const Edit* b) {
    if (a->start != b->start) return a->start < b->start;
    return a->end < b->end;
  });
  std::string out;
  out.reserve(text.size());
  std::size_t cursor = 0;
  for (const Edit* e : accepted) {
    out.append(text, cursor, e->start - cursor);
    out += e->replacement;
    cursor = e->end;
  }
  out.append(text, cursor, std::string::npos);
  result.text = std::move(out);
  return result;
}

}  // namespace fanout
