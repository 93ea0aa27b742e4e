// libFuzzer entry point for what --staged reads of a repository itself
// (fuzz/README.md): the index, a pack and its index, and the walk of HEAD's
// tree along the index (fuzz/git_input.cpp). A repository handed over as an
// archive brings its own .git; none of it may crash or hang fanout.
#include <cstdint>
#include <string_view>

#include "fuzz/git_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path root = fanout::fuzz::make_git_root();
  fanout::fuzz::read_git_input(std::string_view(reinterpret_cast<const char*>(data), size), root);
  return 0;
}
