// `fanout install-hook`: writes the repository's git pre-commit hook, which
// runs `fanout check --staged`. The hook names the binary that installed it
// (falling back to `fanout` on PATH if that one is gone), so a hook installed
// from a build tree works without an install step. A hook fanout did not
// write is replaced only with --force; fanout's own is rewritten freely.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/executable_path.hpp"
#include "files/git.hpp"
#include "files/temporary.hpp"

namespace fanout::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "# fanout pre-commit hook";

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string self_path() { return executable_path().value_or("fanout"); }

std::string hook_text() {
  return fmt::format(
      "#!/bin/sh\n"
      "{} (written by `fanout install-hook`, which may rewrite it).\n"
      "# Checks the staged content of staged JS/TS files; `git commit --no-verify` skips it.\n"
      "fanout={}\n"
      "[ -x \"$fanout\" ] || fanout=fanout\n"
      "exec \"$fanout\" check --staged\n",
      kMarker, shell_quote(self_path()));
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Written beside the hook and renamed over it: a failed write leaves the old hook.
std::optional<std::string> write_hook(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return fmt::format("{}: {}", path.parent_path().string(), ec.message());
  files::remove_stale_temporaries(path.parent_path().string());
  if (auto error = files::replace_file(path.string(), text, 0755)) return fmt::format("{}: {}", path.string(), *error);
  return std::nullopt;
}

// `--force` keeps what it replaces: `pre-commit.fanout-backup`, or the first
// free `pre-commit.fanout-backup-N`.
std::optional<std::string> back_up(const fs::path& hook, std::string& backup) {
  for (int n = 0; n < 1000; ++n) {
    backup = hook.string() + (n == 0 ? std::string(".fanout-backup") : fmt::format(".fanout-backup-{}", n));
    std::error_code ec;
    if (fs::exists(fs::symlink_status(backup, ec))) continue;
    // A hard link keeps the old hook's content and mode whatever happens next.
    if (::link(hook.c_str(), backup.c_str()) == 0) return std::nullopt;
    fs::copy_file(hook, backup, fs::copy_options::none, ec);
    if (!ec) return std::nullopt;
    return fmt::format("cannot keep a backup of {}: {}", hook.string(), ec.message());
  }
  return fmt::format("cannot keep a backup of {}: too many backups already", hook.string());
}

// husky (v9) points core.hooksPath at `.husky/_`, whose files it generates
// and regenerates; the hook a user edits is `.husky/<name>`.
std::optional<fs::path> husky_hook(const fs::path& hooks) {
  if (hooks.filename() != "_" || hooks.parent_path().filename() != ".husky") return std::nullopt;
  return hooks.parent_path() / "pre-commit";
}

}  // namespace

int install_hook_command(bool force) {
  // `--git-path hooks` honours core.hooksPath and linked work trees.
  auto hooks = files::run_git({"rev-parse", "--git-path", "hooks"},
                              files::GitCall{.scope = files::GitEnv::inherited, .keep_hooks_path = true});
  if (!hooks) {
    print_error("install-hook: not inside a git repository (or git is not installed)");
    return kExitError;
  }
  while (!hooks->empty() && hooks->back() == '\n') hooks->pop_back();
  const fs::path path = fs::path(*hooks) / "pre-commit";
  const std::string text = hook_text();

  const auto existing = read_text(path);
  if (existing && *existing == text) {
    fmt::print("fanout: {} is already fanout's hook\n", path.string());
    return kExitClean;
  }
  const bool ours = existing && existing->find(kMarker) != std::string::npos;
  const auto husky = husky_hook(path.parent_path());
  if (existing && !ours && !force) {
    print_error(husky ? fmt::format("install-hook: husky manages this repository's hooks; add `fanout check --staged` "
                                    "to {} (husky regenerates {})",
                                    husky->string(), path.string())
                      : fmt::format("install-hook: {} exists and was not written by fanout; "
                                    "add `fanout check --staged` to it, or rerun with --force to replace it "
                                    "(the old hook is kept as a backup)",
                                    path.string()));
    return kExitError;
  }
  std::string backup;
  if (existing && !ours) {
    if (auto error = back_up(path, backup)) {
      print_error(fmt::format("install-hook: {}", *error));
      return kExitError;
    }
  }
  if (auto error = write_hook(path, text)) {
    print_error(fmt::format("install-hook: {}", *error));
    return kExitError;
  }
  fmt::print("fanout: {} {}\n", existing ? "replaced" : "installed", path.string());
  if (!backup.empty()) fmt::print("fanout: the previous hook is kept as {}\n", backup);
  if (husky) {
    fmt::print("fanout: husky regenerates {} on its next install; add `fanout check --staged` to {} to keep it\n",
               path.string(), husky->string());
  }
  return kExitClean;
}

}  // namespace fanout::cli
