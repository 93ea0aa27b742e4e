#include "syntax/parser.hpp"

#include <algorithm>
#include <array>
#include <ctime>

#include "syntax/lex.hpp"

namespace fanout {

Parser::Parser() : parser_(ts_parser_new(), &ts_parser_delete) {}

Tree Parser::parse(std::string_view text, Language language) { return parse(text, language, nullptr, nullptr); }

namespace {

// Sanitizers slow everything down about tenfold; the budget follows.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FANOUT_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FANOUT_SANITIZED 1
#endif
#ifdef FANOUT_SANITIZED
constexpr std::int64_t kSlowdown = 10;
#else
constexpr std::int64_t kSlowdown = 1;
#endif

std::int64_t thread_cpu_nanoseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

struct Input {
  std::string_view text;
  const std::atomic<bool>* cancelled;
  std::int64_t deadline;  ///< thread CPU time, in nanoseconds
  bool over_budget = false;
};

const char* read_input(void* payload, std::uint32_t byte, TSPoint, std::uint32_t* bytes_read) {
  const auto& input = *static_cast<const Input*>(payload);
  if (byte >= input.text.size()) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = static_cast<std::uint32_t>(input.text.size() - byte);
  return input.text.data() + byte;
}

bool stop_parsing(TSParseState* state) {
  auto& input = *static_cast<Input*>(state->payload);
  if (input.cancelled != nullptr && input.cancelled->load(std::memory_order_relaxed)) return true;
  input.over_budget = thread_cpu_nanoseconds() > input.deadline;
  return input.over_budget;
}

}  // namespace

std::int64_t ParseBudget::for_size(std::size_t bytes) const {
  return (floor_ns + per_byte_ns * static_cast<std::int64_t>(bytes)) * kSlowdown;
}

Parser::SharedBudget::SharedBudget(Parser& parser, std::size_t bytes, int parses) : parser_(parser) {
  parser_.shared_deadline_ = thread_cpu_nanoseconds() + parser_.budget_.for_size(bytes) * parses;
}

Tree Parser::parse(std::string_view text, Language language, const TSTree* old_tree,
                   const std::atomic<bool>* cancelled) {
  const Grammar& grammar = Grammar::get(language);
  if (current_ != &grammar) {
    ts_parser_set_language(parser_.get(), grammar.language());
    current_ = &grammar;
  }
  // Every parse runs on a budget of CPU time linear in the text's size:
  // tree-sitter's error recovery can be quadratic on some broken inputs (a
  // 6 KB fuzzer input took half a second), and no file may cost more than
  // linear time. A parse over budget gives no tree, as a cancelled one.
  std::int64_t deadline = thread_cpu_nanoseconds() + budget_.for_size(text.size());
  if (shared_deadline_) deadline = std::min(deadline, *shared_deadline_);
  Input input{text, cancelled, deadline};
  TSTree* tree = ts_parser_parse_with_options(
      parser_.get(), old_tree, TSInput{.payload = &input, .read = read_input, .encoding = TSInputEncodingUTF8, .decode = nullptr},
      TSParseOptions{.payload = &input, .progress_callback = stop_parsing});
  gave_up_ = tree == nullptr && input.over_budget;
  // A cancelled parse would otherwise resume on the next call.
  if (tree == nullptr) ts_parser_reset(parser_.get());
  return {tree, &grammar};
}

Tree Parser::parse(std::string_view text, Language language, const std::vector<TSRange>& ranges) {
  if (ranges.empty()) return parse(text, language);
  if (!ts_parser_set_included_ranges(parser_.get(), ranges.data(), static_cast<std::uint32_t>(ranges.size()))) {
    return {};
  }
  Tree tree = parse(text, language);
  ts_parser_set_included_ranges(parser_.get(), nullptr, 0);  // the next parse reads everything again
  return tree;
}

namespace {

bool ascii_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 && lex::is_name_char(c);
}

}  // namespace

std::vector<std::uint32_t> name_occurrences(std::string_view text, std::string_view name, std::uint32_t from,
                                            std::uint32_t to) {
  std::vector<std::uint32_t> out;
  if (name.empty()) return out;
  const std::string_view range = text.substr(0, std::min<std::size_t>(to, text.size()));
  for (std::size_t at = lex::find(range, name, from); at != std::string_view::npos;
       at = lex::find(range, name, at + 1)) {
    const std::size_t end = at + name.size();
    if (at > 0 && ascii_name_char(text[at - 1])) continue;
    if (end < text.size() && ascii_name_char(text[end])) continue;
    out.push_back(static_cast<std::uint32_t>(at));
  }
  return out;
}

std::vector<std::uint32_t> names_occurrences(std::string_view text, std::span<const std::string_view> names) {
  // The names by first character, and which lengths occur: most words of a
  // file are rejected by one bit test, the rest compared with a few names.
  std::array<std::vector<std::string_view>, 128> by_first{};
  std::uint64_t lengths = 0;  // bit L: a name of length L (63: 63 or more)
  for (std::string_view name : names) {
    if (name.empty() || static_cast<unsigned char>(name[0]) >= 0x80) continue;  // never a run of ASCII name characters
    by_first[static_cast<unsigned char>(name[0])].push_back(name);
    lengths |= std::uint64_t{1} << std::min<std::size_t>(name.size(), 63);
  }
  static const std::array<bool, 256> name_char = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = ascii_name_char(static_cast<char>(c));
    return table;
  }();
  const auto is_name = [&](char c) { return name_char[static_cast<unsigned char>(c)]; };
  std::vector<std::uint32_t> out;
  // One pass over the runs of ASCII name characters: each run is one word,
  // and a run is an occurrence exactly when name_occurrences would say so.
  const std::size_t size = text.size();
  for (std::size_t at = 0; at < size;) {
    if (!is_name(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at + 1;
    while (end < size && is_name(text[end])) ++end;
    const std::size_t length = end - at;
    if ((lengths >> std::min<std::size_t>(length, 63)) & 1) {
      const std::string_view word = text.substr(at, length);
      for (std::string_view name : by_first[static_cast<unsigned char>(text[at])]) {
        if (name == word) {
          out.push_back(static_cast<std::uint32_t>(at));
          break;
        }
      }
    }
    at = end;
  }
  return out;
}

}  // namespace fanout
