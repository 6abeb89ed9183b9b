# Shared build settings: warnings, determinism flags and the per-file test/benchmark helpers.

add_library(runload_warnings INTERFACE)
target_compile_options(runload_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow)
# Warnings as errors in CI and development only (.ci/run turns it on): a user's or a packager's
# build must not fail on a compiler's false positive (GCC 12 -Wrestrict inside std::string at -O3).
if(RUNLOAD_WERROR)
  target_compile_options(runload_warnings INTERFACE -Werror)
endif()

# Bit-stable maths for replay: no fast-math, no reassociation.
add_library(runload_determinism INTERFACE)
target_compile_options(runload_determinism INTERFACE -fno-fast-math -fno-associative-math -ffp-contract=off)

if(RUNLOAD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Test code is compiled at -O1 in optimised builds; the code under test keeps the build type's flags.
# -O3 on GoogleTest bodies only cost CI time (daily_loop_cli_test.cpp: 14.4 s at -O3, 10.1 s at -O1).
add_library(runload_test_flags INTERFACE)
target_compile_options(runload_test_flags INTERFACE $<$<CONFIG:Release,RelWithDebInfo>:-O1>)

# runload_add_test(<file_test.cpp> LIBS <targets...> [POSTGRES])
# One GoogleTest binary per test file, named after the file (leveldb's leveldb_test()).
function(runload_add_test source)
  cmake_parse_arguments(ARG "POSTGRES" "" "LIBS" ${ARGN})
  get_filename_component(name "${source}" NAME_WE)
  get_filename_component(dir "${source}" DIRECTORY)
  get_filename_component(group "${dir}" NAME)
  set(target "${group}_${name}")
  add_executable(${target} "${source}")
  target_link_libraries(${target} PRIVATE ${ARG_LIBS} runload_testing GTest::gtest GTest::gmock GTest::gtest_main runload_warnings
                        runload_test_flags)
  set(postgres "")
  if(ARG_POSTGRES)  # the tests also run on PostgreSQL: the `postgres` fixture (tests/CMakeLists.txt)
    set(postgres FIXTURES_REQUIRED postgres ENVIRONMENT "${RUNLOAD_TEST_POSTGRES_ENV}")
  endif()
  gtest_discover_tests(${target}
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${group}" TIMEOUT 300 ${postgres})
endfunction()

# runload_add_benchmark(<file_bench.cpp> LIBS <targets...>)
function(runload_add_benchmark source)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  get_filename_component(name "${source}" NAME_WE)
  add_executable(${name} "${source}")
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} benchmark::benchmark benchmark::benchmark_main runload_warnings)
endfunction()
