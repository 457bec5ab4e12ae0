# The layers of lib/ (see lib/CMakeLists.txt) only look down: a file of one
# layer may include headers of its own layer and of the layers below it,
# never of one above. The linker enforces it for definitions; this, for
# headers, which compile without linking anything. lib/ holds nothing but
# the layer folders.
#
#   cmake -DSOURCE_DIR=... -P layers.cmake

set(layers support wasm abi capsule check report driver)
set(failures "")

file(GLOB loose LIST_DIRECTORIES false RELATIVE ${SOURCE_DIR}/lib ${SOURCE_DIR}/lib/*)
list(REMOVE_ITEM loose CMakeLists.txt)
foreach(file IN LISTS loose)
  list(APPEND failures "lib/${file}: not in a layer folder")
endforeach()
file(GLOB folders LIST_DIRECTORIES true RELATIVE ${SOURCE_DIR}/lib ${SOURCE_DIR}/lib/*)
foreach(folder IN LISTS folders)
  if(IS_DIRECTORY ${SOURCE_DIR}/lib/${folder})
    list(FIND layers ${folder} known)
    if(known EQUAL -1)
      list(APPEND failures "lib/${folder}: a folder that is not a layer (add it to lib/CMakeLists.txt and here)")
    endif()
  endif()
endforeach()

foreach(layer IN LISTS layers)
  list(FIND layers ${layer} rank)
  file(GLOB sources ${SOURCE_DIR}/lib/${layer}/*.h ${SOURCE_DIR}/lib/${layer}/*.cc)
  foreach(source IN LISTS sources)
    # Tests may use what they test with anything (a report to render, say).
    if(source MATCHES "_test\\.cc$")
      continue()
    endif()
    file(STRINGS ${source} includes REGEX "^#include \"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" used "${line}")
      list(FIND layers ${used} used_rank)
      file(RELATIVE_PATH shown ${SOURCE_DIR} ${source})
      if(used_rank EQUAL -1)
        list(APPEND failures "${shown}: ${line}: no layer '${used}'")
      elseif(used_rank GREATER rank)
        list(APPEND failures "${shown}: ${line}: ${layer} is below ${used}")
      endif()
    endforeach()
    # Every include of ours names its layer.
    file(STRINGS ${source} bare REGEX "^#include \"[^/\"]+\"")
    foreach(line IN LISTS bare)
      file(RELATIVE_PATH shown ${SOURCE_DIR} ${source})
      list(APPEND failures "${shown}: ${line}: include headers as \"layer/file.h\"")
    endforeach()
  endforeach()
endforeach()

if(failures)
  string(REPLACE ";" "\n" failures "${failures}")
  message(FATAL_ERROR "layering broken:\n${failures}")
endif()
message(STATUS "lib/: every include looks down the layers ${layers}")
