// Each system names the running executable its own way; POSIX has no call for
// it (argv[0] may be a bare name or a lie), so the others get nullopt.
#include "cli/executable_path.hpp"

#include <filesystem>
#include <system_error>

#if defined(__APPLE__)
#include <mach-o/dyld.h>

#include <cstdint>
#include <vector>
#elif defined(__FreeBSD__) || defined(__DragonFly__)
#include <sys/types.h>
#include <sys/sysctl.h>

#include <array>
#endif

namespace fanout::cli {

namespace fs = std::filesystem;

std::optional<std::string> executable_path() {
  std::error_code ec;
#if defined(__linux__)
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return self.string();
#elif defined(__APPLE__)
  std::uint32_t size = 0;
  _NSGetExecutablePath(nullptr, &size);  // asks for the size
  std::vector<char> buffer(size + 1, '\0');
  if (_NSGetExecutablePath(buffer.data(), &size) != 0) return std::nullopt;
  // dyld may answer with the path as launched (relative, through links).
  const fs::path self = fs::canonical(buffer.data(), ec);
  if (ec) return std::nullopt;
  return self.string();
#elif defined(__FreeBSD__) || defined(__DragonFly__)
  std::array<int, 4> mib = {CTL_KERN, KERN_PROC, KERN_PROC_PATHNAME, -1};
  std::array<char, 4096> buffer{};
  std::size_t size = buffer.size();
  if (sysctl(mib.data(), mib.size(), buffer.data(), &size, nullptr, 0) != 0) return std::nullopt;
  return std::string(buffer.data());
#else
  (void)ec;
  return std::nullopt;
#endif
}

}  // namespace fanout::cli
