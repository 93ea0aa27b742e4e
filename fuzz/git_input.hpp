// What fuzz_git feeds an input to, shared with tests/fuzz_regress_test.cpp,
// which replays the inputs it once found (fuzz/README.md).
#pragma once

#include <filesystem>
#include <string_view>

namespace fanout::fuzz {

/// Lays `input` out as a repository under `root` (HEAD's commit id: 20 bytes;
/// the index and the pack index, each after its length, 4 bytes little-endian;
/// then the pack) and reads it as --staged does, then every object the pack
/// index names (up to 32). `root` must hold `.git/objects/pack/`.
void read_git_input(std::string_view input, const std::filesystem::path& root);

/// A folder to lay inputs out in: `.git` with a config and the object
/// folders, removed at exit.
std::filesystem::path make_git_root();

}  // namespace fanout::fuzz
