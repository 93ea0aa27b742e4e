#include "syntax/reader.hpp"

#include <algorithm>
#include <cstring>

#include "syntax/flow.hpp"

namespace fanout {
namespace {

// Each round reparses the block once; real damage needs one or two.
constexpr int kMaxRecoveryRounds = 8;

/// Rows and byte columns of offsets asked in increasing order, counted once.
class Points {
 public:
  explicit Points(std::string_view text) : text_(text) {}
  TSPoint at(std::uint32_t offset) {
    if (offset < at_) *this = Points(text_);
    while (at_ < offset) {
      const void* nl = std::memchr(text_.data() + at_, '\n', offset - at_);
      if (nl == nullptr) {
        at_ = offset;
        break;
      }
      at_ = static_cast<std::uint32_t>(static_cast<const char*>(nl) - text_.data()) + 1;
      ++row_;
      line_start_ = at_;
    }
    return TSPoint{row_, offset - line_start_};
  }

 private:
  std::string_view text_;
  std::uint32_t at_ = 0;
  std::uint32_t row_ = 0;
  std::uint32_t line_start_ = 0;
};

/// The parts of the block left after removing `cut` (sorted, disjoint);
/// empty when that is the whole text, which tree-sitter then reads as usual.
std::vector<TSRange> ranges_of(std::string_view text, const CodeBlock& block, const std::vector<ByteRange>& cut) {
  std::vector<TSRange> ranges;
  if (block.start == 0 && block.end == text.size() && cut.empty()) return ranges;
  Points points(text);
  const auto add = [&](std::uint32_t from, std::uint32_t to) {
    const TSPoint a = points.at(from);
    const TSPoint b = points.at(to);
    ranges.push_back(TSRange{.start_point = a, .end_point = b, .start_byte = from, .end_byte = to});
  };
  std::uint32_t at = block.start;
  for (const auto& [from, to] : cut) {
    if (from > at) add(at, std::min(from, block.end));
    at = std::max(at, to);
  }
  if (at < block.end || ranges.empty()) add(std::min(at, block.end), block.end);
  return ranges;
}

/// ERROR nodes (not entered) and MISSING nodes of a tree.
struct Errors {
  std::vector<ByteRange> spans;  ///< ERROR nodes, in document order
  std::uint64_t bytes = 0;
  std::size_t missing = 0;
  Node first;                    ///< the first ERROR or MISSING node
};

Errors errors_of(Node root) {
  Errors out;
  walk(root, [&](Node n) {
    if (n.is_error()) {
      out.spans.emplace_back(n.start(), n.end());
      out.bytes += n.end() - n.start();
      if (!out.first) out.first = n;
      return false;
    }
    if (n.is_missing()) {
      ++out.missing;
      if (!out.first) out.first = n;
      return false;
    }
    return n.has_error();
  });
  return out;
}

bool less_damaged(const Errors& a, const Errors& b) {
  if (a.bytes != b.bytes) return a.bytes < b.bytes;
  return a.spans.size() + a.missing < b.spans.size() + b.missing;
}

std::vector<ByteRange> merged(std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end());
  std::vector<ByteRange> out;
  for (const ByteRange& r : ranges) {
    if (r.first >= r.second) continue;
    if (!out.empty() && r.first <= out.back().second) {
      out.back().second = std::max(out.back().second, r.second);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::uint64_t size_of(const std::vector<ByteRange>& ranges) {
  std::uint64_t total = 0;
  for (const auto& [from, to] : ranges) total += to - from;
  return total;
}

/// The parts of `spans` that lie inside `within` (both sorted).
std::vector<ByteRange> intersection(const std::vector<ByteRange>& spans, const std::vector<ByteRange>& within) {
  std::vector<ByteRange> out;
  for (const ByteRange& s : spans) {
    for (const ByteRange& w : within) {
      const std::uint32_t from = std::max(s.first, w.first);
      const std::uint32_t to = std::min(s.second, w.second);
      if (from < to) out.emplace_back(from, to);
    }
  }
  return out;
}

// A complete statement inside an ERROR node: the parser read it whole, so
// the damage is elsewhere.
bool whole_statement(Node n) {
  if (!n.is_named() || n.has_error()) return false;
  const std::string_view type = n.type();
  return type.ends_with("_statement") || type.ends_with("_declaration") || type == "comment";
}

// Characters that may start a top-level statement at the start of a line;
// a line starting with `}`, `)`, `.`, an operator or space continues one.
bool starts_statement(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c == '@' || c == '(' || c == '[' || c == '/' || c == '\'' || c == '"' || c == '`' || c == '!' ||
         c == ';' || u >= 0x80;
}

/// The start of the first line after the one holding `at` that may start a
/// statement, or `end`.
std::uint32_t next_restart(std::string_view text, std::uint32_t at, std::uint32_t end) {
  std::size_t pos = at;
  for (;;) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos || nl + 1 >= end) return end;
    pos = nl + 1;
    if (starts_statement(text[pos])) return static_cast<std::uint32_t>(pos);
  }
}

/// `at`, or the start of its line when only blanks come before it there.
std::uint32_t line_start_before(std::string_view text, std::uint32_t at, std::uint32_t floor) {
  std::uint32_t k = at;
  while (k > floor && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
  return k == floor || text[k - 1] == '\n' ? k : at;
}

/// New regions to cut for each top-level ERROR: from its first piece that
/// is not a whole statement to the next line that may start one.
std::vector<ByteRange> damaged_regions(Node root, std::string_view text, const CodeBlock& block) {
  std::vector<Node> errors;
  if (root.is_error()) {
    errors.push_back(root);
  } else {
    Cursor cursor(root);
    for (bool more = cursor.first_child(); more; more = cursor.next_sibling()) {
      if (cursor.node().is_error()) errors.push_back(cursor.node());
    }
  }
  std::vector<ByteRange> out;
  for (const Node& error : errors) {
    Node bad;
    Cursor cursor(error);
    for (bool more = cursor.first_child(); more; more = cursor.next_sibling()) {
      if (!whole_statement(cursor.node())) {
        bad = cursor.node();
        break;
      }
    }
    if (!bad) continue;
    const std::uint32_t from = line_start_before(text, bad.start(), block.start);
    out.emplace_back(from, next_restart(text, bad.start(), block.end));
  }
  return out;
}

/// A worker keeps its view's storage for the next Flow file, unless it grew
/// beyond what most sources need (the driver's buffers follow the same rule).
struct ViewRelease {
  std::string& view;
  ~ViewRelease() {
    if (view.capacity() > (1u << 20)) std::string().swap(view);
  }
};

}  // namespace

bool BlockReading::speaks_for(std::size_t index, std::uint32_t offset) const {
  if (index == 0) return true;
  return std::none_of(cut.begin(), cut.end(), [&](const ByteRange& r) { return r.first <= offset && offset < r.second; });
}

std::string_view BlockReader::parse_text(std::string_view text, const CodeBlock& block) {
  const std::string_view code = text.substr(block.start, block.end - block.start);
  const bool has_nul = std::memchr(code.data(), '\0', code.size()) != nullptr;
  if (!block.flow && !has_nul) return text;
  view_.assign(text);
  // tree-sitter's lexers stop at a NUL byte; inside a string or a comment it
  // is one character like any other, and a space reads the same there.
  if (has_nul) std::replace(view_.begin() + block.start, view_.begin() + block.end, '\0', ' ');
  if (block.flow) write_flow_view(text, block.start, block.end, view_);
  return view_;
}

Tree BlockReader::parse(std::string_view text, const CodeBlock& block, Language language,
                        const std::vector<ByteRange>& cut) {
  const std::vector<TSRange> ranges = ranges_of(text, block, cut);
  return ranges.empty() ? parser_.parse(text, language) : parser_.parse(text, language, ranges);
}

Tree BlockReader::best_parse(std::string_view text, const CodeBlock& block, Language& language, bool* out_of_time) {
  // Flow reads best with the TypeScript grammars (flow.hpp); JSX is common in
  // Flow files, so TSX first. `<T>x` casts are TypeScript, not TSX.
  language = block.flow ? Language::tsx : block.language;
  const bool fallback = language == Language::tsx;
  Tree tree = parse(text, block, language, {});
  if (!tree || !fallback || !tree.root().has_error()) return tree;
  Tree other = parse(text, block, Language::typescript, {});
  if (out_of_time != nullptr) *out_of_time = !other && parser_.gave_up();
  if (other && less_damaged(errors_of(other.root()), errors_of(tree.root()))) {
    language = Language::typescript;
    return other;
  }
  return tree;
}

BlockReading BlockReader::read(std::string_view text, const CodeBlock& block) {
  BlockReading reading;
  const ViewRelease release{view_};
  // The first parse, the other grammar and every recovery round together
  // take at most three parses' budget: recovery stays linear too.
  const Parser::SharedBudget budget(parser_, text.size(), 3);
  const std::string_view source = parse_text(text, block);
  Tree tree = best_parse(source, block, reading.language, &reading.out_of_time);
  if (!tree) return reading;
  const Node root = tree.root();
  if (!root.has_error()) {
    reading.trees.push_back(std::move(tree));
    return reading;
  }
  const Errors errors = errors_of(root);
  reading.has_syntax_error = true;
  reading.first_error = errors.first ? errors.first.start() : root.start();
  reading.first_error_end = errors.first ? errors.first.end() : reading.first_error;
  if (errors.first && errors.first.is_missing()) reading.missing = errors.first.type();
  reading.unchecked = merged(errors.spans);

  // Recovery: cut each top-level damaged region out and reparse the rest, so
  // code after an unbalanced bracket is read in its own file's context.
  std::vector<ByteRange> cut;
  Tree recovered;
  for (int round = 0; round < kMaxRecoveryRounds; ++round) {
    const Node current = round == 0 ? root : recovered.root();
    std::vector<ByteRange> fresh = damaged_regions(current, source, block);
    if (fresh.empty()) break;
    fresh.insert(fresh.end(), cut.begin(), cut.end());
    fresh = merged(std::move(fresh));
    if (fresh == cut) break;
    cut = std::move(fresh);
    Tree next = parse(source, block, reading.language, cut);
    if (!next) {
      reading.out_of_time = reading.out_of_time || parser_.gave_up();
      break;
    }
    recovered = std::move(next);
  }
  if (recovered) {
    // The recovered tree reads outside the cut; inside it, the block's own parse.
    std::vector<ByteRange> unchecked = errors_of(recovered.root()).spans;
    const std::vector<ByteRange> inside = intersection(reading.unchecked, cut);
    unchecked.insert(unchecked.end(), inside.begin(), inside.end());
    unchecked = merged(std::move(unchecked));
    if (size_of(unchecked) < size_of(reading.unchecked)) {
      // The block's own parse may start its error at the top of the file;
      // the note points at the first line left unchecked instead.
      if (!unchecked.empty() && reading.missing.empty()) {
        reading.first_error = unchecked.front().first;
        reading.first_error_end = unchecked.front().second;
      }
      reading.unchecked = std::move(unchecked);
      reading.cut = std::move(cut);
      reading.trees.push_back(std::move(tree));
      reading.trees.push_back(std::move(recovered));
      return reading;
    }
  }
  reading.trees.push_back(std::move(tree));
  return reading;
}

std::size_t BlockReader::error_count(std::string_view text, const CodeBlock& block) {
  const ViewRelease release{view_};
  Language language = block.language;
  Tree tree = best_parse(parse_text(text, block), block, language);
  if (!tree) return static_cast<std::size_t>(-1);
  std::size_t count = 0;
  walk(tree.root(), [&](Node n) {
    if (n.is_error() || n.is_missing()) ++count;
    return n.has_error();
  });
  return count;
}

}  // namespace fanout
