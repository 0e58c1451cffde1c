# What makes Gantry a desktop program once installed (desktop entry, AppStream
# metainfo, man pages) and the Debian package CPack builds from the install rules.
# Included last by the top-level CMakeLists.txt; packaging/README.md says how to
# build and install the package.

include(GNUInstallDirs)

# Directories made by the install are 0755 whatever the builder's umask, as Debian
# packages expect.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# Installing (and so cpack) packs what is built and never starts a build of the
# whole tree first: build, then package. The package test relies on it.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(GANTRY_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

install(FILES ${GANTRY_PACKAGING_DIR}/io.gantry.Gantry.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${GANTRY_PACKAGING_DIR}/io.gantry.Gantry.metainfo.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# Man pages carry the project version. They and the changelog are installed
# compressed, as man-db and Debian policy expect; gzip -n leaves out name and time,
# so the bytes change only with the text.
find_program(GANTRY_GZIP gzip REQUIRED)
set(gantry_gzipped_files "")
function(gantry_install_gzipped source destination)
  get_filename_component(name ${source} NAME)
  set(out ${PROJECT_BINARY_DIR}/packaging/${name}.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${GANTRY_GZIP} -9 -n -c ${source} > ${out}
    DEPENDS ${source}
    COMMENT "Compressing ${name}")
  install(FILES ${out} DESTINATION ${destination})
  set(gantry_gzipped_files ${gantry_gzipped_files} ${out} PARENT_SCOPE)
endfunction()
foreach(page gantry gantry-sim)
  configure_file(${GANTRY_PACKAGING_DIR}/${page}.1.in ${PROJECT_BINARY_DIR}/packaging/${page}.1 @ONLY)
  gantry_install_gzipped(${PROJECT_BINARY_DIR}/packaging/${page}.1 ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
# The package's history for apt's changelog view; its newest entry names the
# package version (tests/packaging checks it).
configure_file(${GANTRY_PACKAGING_DIR}/changelog ${PROJECT_BINARY_DIR}/packaging/changelog.Debian COPYONLY)
gantry_install_gzipped(${PROJECT_BINARY_DIR}/packaging/changelog.Debian ${CMAKE_INSTALL_DOCDIR})
add_custom_target(gantry_packaging_files ALL DEPENDS ${gantry_gzipped_files})

# The Debian package: gantry_<version>-1_<arch>.deb. Its dependencies come from
# dpkg-shlibdeps reading the installed binaries, so they follow what is linked.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gantry)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Gantry developers")
set(CPACK_PACKAGE_CONTACT "The Gantry developers <gantry@gantry.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "console for model serving on GPU clusters")
set(CPACK_PACKAGE_DESCRIPTION
  "Gantry is a desktop console for the people who run model serving on GPU
clusters: KServe InferenceServices served by vLLM on Kubernetes or OpenShift
GPU nodes. It shows the GPU pools with every GPU's allocation and
utilization, each model's replicas with live serving metrics, and where each
replica's cold start went: waiting for a node, image pull, model download,
weight load and engine warm-up. It also runs as a read-only wall screen,
and without a display it prints the fleet as JSON (gantry dump) or renders
its pages to PNG (gantry snapshot).

The package also holds gantry-sim, a simulated AI factory that serves a
Kubernetes-style API to the console, kubectl and Prometheus, with the
scenarios it plays.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# `cpack --config <build>/CPackConfig.cmake` run from anywhere writes into the build tree.
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not linked, so dpkg-shlibdeps cannot see it: Qt loads the SVG window icon through
# the plugins in libqt6svg6.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
# Without it the Wayland session shows the window through XWayland.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)
