#include "cli/stdin_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "fanout/files.hpp"

namespace fanout::cli {
namespace {

// What --stdin cannot be combined with: other files, or files written.
std::optional<std::string> conflicting_flag(const CheckArgs& args) {
  if (!args.paths.empty()) return "paths";
  if (args.staged) return "--staged";
  if (!args.changed_since.empty()) return "--changed-since";
  if (args.suppress_all) return "--suppress-all";
  if (args.prune_suppressions) return "--prune-suppressions";
  if (!args.print_config.empty()) return "--print-config";
  return std::nullopt;
}

std::optional<std::string> read_all(std::FILE* in, std::string& out) {
  char chunk[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(chunk, 1, sizeof chunk, in);
    out.append(chunk, n);
    if (n < sizeof chunk) break;
  }
  if (std::ferror(in)) return fmt::format("cannot read standard input: {}", std::strerror(errno));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> read_stdin_request(const CheckArgs& args, CheckRequest& request) {
  if (auto flag = conflicting_flag(args)) return fmt::format("--stdin cannot be combined with {}", *flag);
  // ESLint's name for text without a file name; it is checked as JavaScript.
  const std::string path = args.stdin_filename.empty() ? std::string("<text>") : args.stdin_filename;
  std::string text;
  if (auto error = read_all(stdin, text)) return error;
  request.files = std::vector<SourcePath>{SourcePath{.path = path, .display = display_path(path), .blob = {}}};
  request.text = std::move(text);
  request.cache_location.clear();
  // The file is not written: --fix prints the fixed text instead.
  if (request.fix == FixMode::apply) request.fix = FixMode::output;
  return std::nullopt;
}

}  // namespace fanout::cli
