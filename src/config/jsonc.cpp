#include "config/jsonc.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace fanout::config {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where a bare literal (number, true, null, or garbage for nlohmann to reject) ends.
bool ends_literal(char c) {
  return is_blank(c) || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']' ||
         c == '"' || c == '/';
}

// Paths are kept in one buffer (`Scanner::path_`) that frames mark lengths in:
// copying each parent's path into its child made deep nesting cost the square
// of its depth.
struct Frame {
  bool object = false;
  std::size_t base = 0;       // path_ length holding this container's own path
  bool expect_key = true;     // objects: the next string is a key
  std::size_t key_end = 0;    // objects: path_ length holding the key being read, 0 before one
  std::size_t index = 0;      // arrays: the element being read
  bool element_seen = false;  // arrays: its first character has been located
};

class Scanner {
 public:
  explicit Scanner(std::string_view in) : in_(in) {
    out_.text.assign(in);
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  PreparedJson run() {
    std::size_t i = 0;
    while (i < in_.size()) {
      const char c = in_[i];
      if (is_comment(i)) {
        i = skip_comment(i);
        continue;
      }
      if (is_blank(c)) {
        ++i;
        continue;
      }
      if (c == '"') {
        i = string_token(i);
      } else if (c == '{' || c == '[') {
        if (stack_.size() >= kMaxJsonDepth) {
          out_.error = fmt::format("nested deeper than {} levels", kMaxJsonDepth);
          out_.error_line = line(i);
          return std::move(out_);
        }
        begin_value(i);
        stack_.push_back(Frame{.object = c == '{', .base = path_.size()});
        ++i;
      } else if (c == '}' || c == ']') {
        if (!stack_.empty()) stack_.pop_back();
        ++i;
      } else if (c == ':') {
        if (!stack_.empty() && stack_.back().object) stack_.back().expect_key = false;
        ++i;
      } else if (c == ',') {
        comma(i);
        ++i;
      } else {
        begin_value(i);
        while (i < in_.size() && !ends_literal(in_[i])) ++i;
        if (i < in_.size() && in_[i] == '/' && !is_comment(i)) ++i;  // a stray slash: nlohmann reports it
      }
      last_ = c;
    }
    return std::move(out_);
  }

 private:
  std::uint32_t line(std::size_t offset) const {
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<std::uint32_t>(it - line_starts_.begin());
  }

  bool is_comment(std::size_t i) const {
    return in_[i] == '/' && i + 1 < in_.size() && (in_[i + 1] == '/' || in_[i + 1] == '*');
  }

  std::size_t skip_comment(std::size_t i) const {
    if (in_[i + 1] == '/') {
      const auto end = in_.find('\n', i);
      return end == std::string_view::npos ? in_.size() : end + 1;
    }
    const auto end = in_.find("*/", i + 2);
    return end == std::string_view::npos ? in_.size() : end + 2;
  }

  std::size_t skip_blank(std::size_t i) const {
    while (i < in_.size()) {
      if (is_comment(i)) {
        i = skip_comment(i);
      } else if (is_blank(in_[i])) {
        ++i;
      } else {
        break;
      }
    }
    return i;
  }

  // A comma after a value and before `}` or `]` is a trailing one: blanked so
  // nlohmann accepts it. `{,}` and `[1,,]` stay errors.
  void comma(std::size_t i) {
    const std::size_t next = skip_blank(i + 1);
    const bool after_value = last_ != '{' && last_ != '[' && last_ != ',' && last_ != ':' && last_ != 0;
    if (after_value && next < in_.size() && (in_[next] == '}' || in_[next] == ']')) {
      out_.text[i] = ' ';
      return;
    }
    if (stack_.empty()) return;
    Frame& frame = stack_.back();
    if (frame.object) {
      frame.expect_key = true;
      frame.key_end = 0;
    } else {
      ++frame.index;
      frame.element_seen = false;
    }
  }

  // Reads a string token; a key in an object is located, anything else is a value.
  std::size_t string_token(std::size_t i) {
    std::string decoded;
    std::size_t j = i + 1;
    while (j < in_.size() && in_[j] != '"') {
      if (in_[j] == '\\' && j + 1 < in_.size()) {
        // Keys that matter are plain ASCII; other escapes are kept as written.
        const char e = in_[j + 1];
        if (e == '"' || e == '\\' || e == '/') {
          decoded += e;
        } else {
          decoded.append(in_.substr(j, 2));
        }
        j += 2;
        continue;
      }
      decoded += in_[j++];
    }
    if (!stack_.empty() && stack_.back().object && stack_.back().expect_key) {
      Frame& frame = stack_.back();
      path_.resize(frame.base);
      if (!path_.empty()) path_ += '.';
      path_ += decoded;
      frame.key_end = path_.size();
      if (out_.lines.contains(path_)) out_.duplicates.push_back(path_);
      out_.lines[path_] = line(i);
      frame.expect_key = false;
    } else {
      begin_value(i);
    }
    return std::min(j + 1, in_.size());
  }

  // Leaves the path of a value starting at `i` in path_, locating array
  // elements and the root.
  void begin_value(std::size_t i) {
    if (stack_.empty()) {
      path_.clear();
      out_.lines.try_emplace("", line(i));
      return;
    }
    Frame& frame = stack_.back();
    if (frame.object) {
      path_.resize(frame.key_end == 0 ? frame.base : frame.key_end);
      return;
    }
    path_.resize(frame.base);
    fmt::format_to(std::back_inserter(path_), "[{}]", frame.index);
    if (!frame.element_seen) {
      out_.lines[path_] = line(i);
      frame.element_seen = true;
    }
  }

  std::string_view in_;
  PreparedJson out_;
  std::vector<std::size_t> line_starts_;
  std::vector<Frame> stack_;
  std::string path_;  // the path of the value being read; frames hold lengths into it
  char last_ = 0;  // the first character of the last token, comments and blanks aside
};

}  // namespace

PreparedJson prepare_jsonc(std::string_view text) { return Scanner(text).run(); }

std::uint32_t line_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return static_cast<std::uint32_t>(1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string child_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string element_path(std::string_view parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

}  // namespace fanout::config
