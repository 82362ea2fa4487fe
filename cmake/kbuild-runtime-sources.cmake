# kbuild_runtime_sources(OUT RUNTIME_DIR ARCH): the runtime's sources for ARCH, relative to
# RUNTIME_DIR and sorted, from RUNTIME_DIR/sources.list, the one list `kbuild build` compiles too
# (a source under src/arch/<arch>/ is for that architecture only). Used by kbuild.cmake and by
# kbuild's own build for the Meson cross file.
function(kbuild_runtime_sources out runtime_dir arch)
  set(list_file ${runtime_dir}/sources.list)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${list_file})
  file(STRINGS ${list_file} lines)
  set(sources)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*" "" line "${line}")
    string(STRIP "${line}" line)
    if(line STREQUAL "" OR (line MATCHES "^src/arch/" AND NOT line MATCHES "^src/arch/${arch}/"))
      continue()
    endif()
    list(APPEND sources ${line})
  endforeach()
  list(SORT sources)
  set(${out} ${sources} PARENT_SCOPE)
endfunction()
