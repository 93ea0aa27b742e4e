# Every dependency of fanout, in one place, pinned.
#
# The tree-sitter runtime and grammars are C sources from npm packages pinned by
# third_party/package-lock.json (`npm ci --ignore-scripts` puts them in
# third_party/node_modules; no Node binding is built). The rest are found by
# CMake's ordinary search (CMAKE_PREFIX_PATH, or the prefixes of the folders on
# PATH), at least at the versions below: the versions of Debian bookworm's -dev
# packages, which the Linux builds use; Homebrew's on macOS are newer.
#
# FANOUT_STATIC (cmake/packaging.cmake) builds the self-contained release
# binary: fmt is compiled in (header-only mode), xxhash is inlined, jemalloc
# comes from its static archive, so no shared library of theirs is needed at
# run time, and neither is a -dev package of any architecture but for headers.

set(FANOUT_TS_ROOT "${CMAKE_SOURCE_DIR}/third_party/node_modules")
set(FANOUT_TS_RUNTIME "${FANOUT_TS_ROOT}/tree-sitter/vendor/tree-sitter/lib")         # tree-sitter 0.25.0
set(FANOUT_TS_JAVASCRIPT "${FANOUT_TS_ROOT}/tree-sitter-javascript/src")              # tree-sitter-javascript 0.25.0
set(FANOUT_TS_TYPESCRIPT "${FANOUT_TS_ROOT}/tree-sitter-typescript/typescript/src")   # tree-sitter-typescript 0.23.2
set(FANOUT_TS_TSX "${FANOUT_TS_ROOT}/tree-sitter-typescript/tsx/src")

if(NOT EXISTS "${FANOUT_TS_RUNTIME}/src/lib.c" OR NOT EXISTS "${FANOUT_TS_TSX}/parser.c")
  message(FATAL_ERROR "tree-sitter sources are missing: run `npm ci --ignore-scripts` in third_party/ (the README's commands do)")
endif()

# The grammars are large generated C files: compile them once, without our
# warning flags, as static libraries that every target links.
add_library(ts_runtime STATIC "${FANOUT_TS_RUNTIME}/src/lib.c")
target_include_directories(ts_runtime PUBLIC "${FANOUT_TS_RUNTIME}/include" PRIVATE "${FANOUT_TS_RUNTIME}/src")
target_compile_definitions(ts_runtime PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
target_compile_options(ts_runtime PRIVATE -w)

add_library(ts_grammars STATIC
  "${FANOUT_TS_JAVASCRIPT}/parser.c" "${FANOUT_TS_JAVASCRIPT}/scanner.c"
  "${FANOUT_TS_TYPESCRIPT}/parser.c" "${FANOUT_TS_TYPESCRIPT}/scanner.c"
  "${FANOUT_TS_TSX}/parser.c" "${FANOUT_TS_TSX}/scanner.c")
target_compile_options(ts_grammars PRIVATE -w -O1)
# Each parser.c includes "tree_sitter/parser.h" from its own folder.
set_source_files_properties("${FANOUT_TS_JAVASCRIPT}/parser.c" "${FANOUT_TS_JAVASCRIPT}/scanner.c"
  PROPERTIES INCLUDE_DIRECTORIES "${FANOUT_TS_JAVASCRIPT}")
set_source_files_properties("${FANOUT_TS_TYPESCRIPT}/parser.c" "${FANOUT_TS_TYPESCRIPT}/scanner.c"
  PROPERTIES INCLUDE_DIRECTORIES "${FANOUT_TS_TYPESCRIPT}")
set_source_files_properties("${FANOUT_TS_TSX}/parser.c" "${FANOUT_TS_TSX}/scanner.c"
  PROPERTIES INCLUDE_DIRECTORIES "${FANOUT_TS_TSX}")

option(FANOUT_FMT_HEADER_ONLY "Compile fmt into the binary instead of linking libfmt (on for FANOUT_STATIC, and for libc++ builds against a libstdc++ libfmt)" ${FANOUT_STATIC})
if(FANOUT_FMT_HEADER_ONLY)
  # Headers only: no CMake package needed (a cross build has none for its target).
  find_path(FANOUT_FMT_INCLUDE fmt/format.h REQUIRED)       # libfmt-dev 9.1.0
  add_library(fanout_fmt_header_only INTERFACE)
  target_include_directories(fanout_fmt_header_only SYSTEM INTERFACE "${FANOUT_FMT_INCLUDE}")
  target_compile_definitions(fanout_fmt_header_only INTERFACE FMT_HEADER_ONLY=1)
  add_library(fmt::fmt ALIAS fanout_fmt_header_only)
else()
  find_package(fmt 9.1 REQUIRED)             # libfmt-dev 9.1.0
endif()
find_package(CLI11 2.1 REQUIRED)             # libcli11-dev 2.1.2
find_package(nlohmann_json 3.11 REQUIRED)    # nlohmann-json3-dev 3.11.2
find_package(Threads REQUIRED)
# xxhash has no CMake package in Debian: header and library by hand. The
# static build inlines it (XXH_INLINE_ALL: the whole library is in the header).
find_path(FANOUT_XXHASH_INCLUDE xxhash.h REQUIRED)          # libxxhash-dev 0.8.1
add_library(fanout_xxhash INTERFACE)
target_include_directories(fanout_xxhash INTERFACE "${FANOUT_XXHASH_INCLUDE}")
if(FANOUT_STATIC)
  target_compile_definitions(fanout_xxhash INTERFACE XXH_INLINE_ALL)
else()
  find_library(FANOUT_XXHASH_LIBRARY xxhash REQUIRED)
  target_link_libraries(fanout_xxhash INTERFACE "${FANOUT_XXHASH_LIBRARY}")
endif()
# zlib reads loose git objects for --staged (src/files/loose_object.cpp).
# The static build links the archive (zlib1g-dev ships both).
add_library(fanout_zlib INTERFACE)
if(FANOUT_STATIC AND NOT APPLE)
  find_path(FANOUT_ZLIB_INCLUDE zlib.h REQUIRED)
  find_library(FANOUT_ZLIB_STATIC_LIBRARY NAMES libz.a REQUIRED)
  target_include_directories(fanout_zlib INTERFACE "${FANOUT_ZLIB_INCLUDE}")
  target_link_libraries(fanout_zlib INTERFACE "${FANOUT_ZLIB_STATIC_LIBRARY}")
else()
  find_package(ZLIB REQUIRED)                # zlib1g-dev 1.2.13; the macOS SDK's
  target_link_libraries(fanout_zlib INTERFACE ZLIB::ZLIB)
endif()
# jemalloc replaces malloc in the fanout binary: tree-sitter allocates and
# frees millions of small nodes per big file (about 12% of the CPU time of a
# corpus scan with glibc malloc; README, Performance). It is linked only into
# the executable, never into fanout_core or the tests.
if(FANOUT_JEMALLOC)
  if(FANOUT_STATIC)
    # The position-independent archive for a static-pie binary.
    find_library(FANOUT_JEMALLOC_STATIC_LIBRARY NAMES libjemalloc_pic.a libjemalloc.a REQUIRED)
    set(FANOUT_JEMALLOC_LIBRARY "${FANOUT_JEMALLOC_STATIC_LIBRARY}")
  else()
    find_library(FANOUT_JEMALLOC_LIBRARY jemalloc REQUIRED)  # libjemalloc-dev 5.3.0
  endif()
endif()
if(FANOUT_BUILD_TESTS)
  if(FANOUT_GTEST_SOURCE_DIR)
    # GoogleTest built from source with this build's compiler and standard
    # library (a libc++ build cannot link Debian's libstdc++ libgtest.a).
    set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    add_subdirectory("${FANOUT_GTEST_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL)
    if(NOT TARGET GTest::gtest)  # GoogleTest 1.11+ defines the aliases itself
      add_library(GTest::gtest ALIAS gtest)
      add_library(GTest::gtest_main ALIAS gtest_main)
    endif()
  else()
    find_package(GTest 1.12 REQUIRED)        # libgtest-dev 1.12.1
  endif()
endif()
