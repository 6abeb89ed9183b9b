# The git commit this build comes from, read at configure time: `git describe --always --dirty` of the
# source tree, or "unknown" when the sources are not a git checkout (a tarball, a Debian source package).
# Sets RUNLOAD_GIT_COMMIT.
set(RUNLOAD_GIT_COMMIT "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --show-toplevel
    WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}" RESULT_VARIABLE toplevel_rc OUTPUT_VARIABLE toplevel
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  # Only this project's own checkout counts, not a repository the sources happen to be unpacked in.
  if(toplevel_rc EQUAL 0 AND toplevel)
    file(REAL_PATH "${toplevel}" toplevel)
    file(REAL_PATH "${CMAKE_SOURCE_DIR}" source_dir)
  endif()
  if(toplevel_rc EQUAL 0 AND toplevel STREQUAL source_dir)
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
      WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}" RESULT_VARIABLE describe_rc OUTPUT_VARIABLE describe
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(describe_rc EQUAL 0 AND describe)
      set(RUNLOAD_GIT_COMMIT "${describe}")
    endif()
    # HEAD and the branch it points at change on checkout and commit: configure again then.
    execute_process(COMMAND "${GIT_EXECUTABLE}" symbolic-ref -q HEAD
      WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}" OUTPUT_VARIABLE branch_ref OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    foreach(ref HEAD ${branch_ref})
      execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --path-format=absolute --git-path ${ref}
        WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}" OUTPUT_VARIABLE ref_path OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(EXISTS "${ref_path}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ref_path}")
      endif()
    endforeach()
  endif()
endif()
message(STATUS "runload ${PROJECT_VERSION}, commit ${RUNLOAD_GIT_COMMIT}")
