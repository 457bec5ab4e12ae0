# libsodium, which Debian packages (libsodium-dev) without a CMake package
# configuration: its header and library, found with pkg-config's hints
# where pkg-config is installed, as the imported target Sodium::Sodium.
#
#   Sodium_USE_STATIC_LIBS  prefer libsodium.a to the shared library
#
# Sets Sodium_FOUND, Sodium_VERSION, Sodium_INCLUDE_DIR and Sodium_LIBRARY.

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(PC_Sodium QUIET libsodium)
endif()

find_path(Sodium_INCLUDE_DIR sodium.h HINTS ${PC_Sodium_INCLUDEDIR} ${PC_Sodium_INCLUDE_DIRS})
if(Sodium_USE_STATIC_LIBS)
  set(_sodium_names libsodium.a sodium)
else()
  set(_sodium_names sodium)
endif()
find_library(Sodium_LIBRARY NAMES ${_sodium_names} HINTS ${PC_Sodium_LIBDIR} ${PC_Sodium_LIBRARY_DIRS})
unset(_sodium_names)

if(Sodium_INCLUDE_DIR AND EXISTS ${Sodium_INCLUDE_DIR}/sodium/version.h)
  file(STRINGS ${Sodium_INCLUDE_DIR}/sodium/version.h _sodium_version REGEX "#define SODIUM_VERSION_STRING ")
  string(REGEX REPLACE ".*\"([^\"]*)\".*" "\\1" Sodium_VERSION "${_sodium_version}")
  unset(_sodium_version)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Sodium
  REQUIRED_VARS Sodium_LIBRARY Sodium_INCLUDE_DIR
  VERSION_VAR Sodium_VERSION)

if(Sodium_FOUND AND NOT TARGET Sodium::Sodium)
  add_library(Sodium::Sodium UNKNOWN IMPORTED)
  set_target_properties(Sodium::Sodium PROPERTIES
    IMPORTED_LOCATION ${Sodium_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${Sodium_INCLUDE_DIR})
  # The static library leaves its own dependencies to the link (pkg-config's
  # Libs.private: -pthread).
  if(Sodium_LIBRARY MATCHES "\\.a$")
    find_package(Threads REQUIRED)
    set_property(TARGET Sodium::Sodium APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)
  endif()
endif()

mark_as_advanced(Sodium_INCLUDE_DIR Sodium_LIBRARY)
