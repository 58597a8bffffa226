# Run at every build (cmake -P): writes OUTPUT, a source file defining
# carecast::git_revision(), only when the revision has changed, so that a
# binary always names the commit it was built from without recompiling
# anything when the commit is the same. A revision taken once at configure
# time went stale at the next commit.
set(revision "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --abbrev=12 --dirty=-modified
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  if(NOT failed AND described)
    set(revision "${described}")
  endif()
endif()
set(text "// Generated at build time by cmake/git_revision.cmake.\n#include \"carecast/core/version.h\"\n\nnamespace carecast {\n\nstd::string_view git_revision() { return \"${revision}\"; }\n\n}  // namespace carecast\n")
set(previous "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT previous STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
