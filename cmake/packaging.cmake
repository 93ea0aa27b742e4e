# How the release binary is linked (FANOUT_STATIC; scripts/release.sh builds it).
#
# On Linux it is fully static (static-pie, so address randomisation stays):
# glibc, libstdc++, fmt, xxhash and jemalloc are all inside the one file, which
# runs on any Linux kernel of its architecture (3.2 or later, glibc's own
# floor) whatever the distribution has installed, musl-based ones included.
# fanout calls nothing that glibc cannot do statically: no user or host name
# lookups (NSS), no dlopen, no iconv; threads are in libc since glibc 2.34.
#
# On macOS there is no static libc: the binary links only the system's
# libSystem and libc++, which every macOS has; fmt and xxhash are compiled in.
if(NOT FANOUT_STATIC)
  return()
endif()

# Every object must be position-independent for a static-pie executable.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_link_options(-static-pie)
endif()
# No symbols: the binary ships in npm packages and release archives.
if(NOT APPLE)
  add_link_options(-s)
else()
  add_link_options(-Wl,-dead_strip)
endif()
