# The version shown by `gantry --version`: the project version, plus `git describe`
# when the source tree is a git checkout (a release tarball has none). The describe
# part is refreshed at every build, not only at configure time, so a binary never
# claims an older commit than the one it was built from.

# Adds to `target` a generated source defining gantry::buildinfo::gitDescribeRaw().
function(gantry_add_build_info target)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/buildinfo_git.cpp)
  add_custom_target(${target}_git_describe
    COMMAND ${CMAKE_COMMAND}
      -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
      -DOUTPUT=${out}
      -P ${CMAKE_SOURCE_DIR}/cmake/WriteGitDescribe.cmake
    BYPRODUCTS ${out}
    COMMENT "Reading git describe"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
  add_dependencies(${target} ${target}_git_describe)
endfunction()
