# Cross build for 64-bit ARM Linux with Debian's cross compiler
# (g++-aarch64-linux-gnu). FANOUT_CROSS_ROOT is a folder holding the target's
# headers and static libraries (fmt, xxhash, CLI11, nlohmann-json and
# jemalloc unpacked from Debian's arm64 packages by scripts/release/target-libs.sh):
#
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#     -DFANOUT_CROSS_ROOT=/path/to/root -DFANOUT_STATIC=ON -DFANOUT_BUILD_TESTS=OFF
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# try_compile projects see the same variables.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FANOUT_CROSS_ROOT)
if(NOT FANOUT_CROSS_ROOT)
  message(FATAL_ERROR "set -DFANOUT_CROSS_ROOT to the folder made by scripts/release/target-libs.sh arm64 DIR")
endif()
# Libraries, headers and CMake packages come only from the target's folders,
# never from the build machine's /usr (its headers are for x86-64).
set(CMAKE_FIND_ROOT_PATH "${FANOUT_CROSS_ROOT}" /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Tests and tools built for arm64 run through qemu-user when asked to.
find_program(FANOUT_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(FANOUT_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${FANOUT_QEMU_AARCH64}")
endif()
