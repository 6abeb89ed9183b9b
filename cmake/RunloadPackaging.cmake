# Installation and the Debian package.
#   cmake --install build --prefix /opt/runload     bin/runload (web assets compiled in) + docs
#   cpack --config build/CPackConfig.cmake -G DEB    runload_<version>_<arch>.deb (tools/check_deb.sh)
# The package's Depends are computed by dpkg-shlibdeps from the libraries runload links, so they are the
# ones of the distribution it was built on (build it on Debian 12 for Debian 12).
include(GNUInstallDirs)
if(RUNLOAD_BUILD_APPS)
  install(TARGETS runload RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
install(FILES README.md docs/cli.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
# Chart.js is compiled into runload (and inlined into every report); its MIT licence travels with it.
install(FILES apps/web/vendor/chart.js.LICENSE.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")

set(CPACK_PACKAGE_NAME runload)
set(CPACK_PACKAGE_VENDOR "runload")
set(CPACK_PACKAGE_CONTACT "runload maintainers <maintainers@runload.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "running-load monitor for shoe and shank IMUs (CLI and coach dashboard)")
set(CPACK_PACKAGE_DESCRIPTION
    "Decodes a shoe or shank IMU live or from recordings, turns it into gait events, cadence, contact time, "
    "impact load and distance, and into training load and evidence-graded overuse-risk flags for the inner knee. "
    "Try it without hardware: runload demo.")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
include(CPack)
