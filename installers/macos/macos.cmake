# macOS (included by installers/CMakeLists.txt when FERRY_BUILD_UI is on): Ferry.app with its
# icon and the ferry: scheme in Info.plist, the headless programs inside it, the Qt runtime
# and every other library deployed into it (macdeployqt), and the DragNDrop .dmg.

# Ferry.icns from the rendered PNGs, by iconutil (part of macOS).
set(FERRY_ICONSET "${CMAKE_CURRENT_BINARY_DIR}/Ferry.iconset")
set(FERRY_ICNS "${CMAKE_CURRENT_BINARY_DIR}/Ferry.icns")
foreach(size 16 32 128 256 512)
    math(EXPR double "${size} * 2")
    ferry_render_png(${size} "${FERRY_ICONSET}/icon_${size}x${size}.png")
    ferry_render_png(${double} "${FERRY_ICONSET}/icon_${size}x${size}@2x.png")
    list(APPEND FERRY_ICONSET_PNGS "${FERRY_ICONSET}/icon_${size}x${size}.png"
        "${FERRY_ICONSET}/icon_${size}x${size}@2x.png")
endforeach()
add_custom_command(OUTPUT "${FERRY_ICNS}"
    COMMAND iconutil -c icns -o "${FERRY_ICNS}" "${FERRY_ICONSET}"
    DEPENDS ${FERRY_ICONSET_PNGS} VERBATIM)
target_sources(ferry PRIVATE "${FERRY_ICNS}")
set_source_files_properties("${FERRY_ICNS}" PROPERTIES MACOSX_PACKAGE_LOCATION Resources)

set_target_properties(ferry PROPERTIES
    MACOSX_BUNDLE ON
    OUTPUT_NAME Ferry
    MACOSX_BUNDLE_INFO_PLIST "${FERRY_RESOURCES}/macos/Info.plist.in"
    MACOSX_BUNDLE_BUNDLE_NAME "Ferry"
    MACOSX_BUNDLE_GUI_IDENTIFIER "${FERRY_APP_ID}"
    MACOSX_BUNDLE_ICON_FILE "Ferry.icns"
    MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
    MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
    MACOSX_BUNDLE_COPYRIGHT "Ferry developers")

# ferry-relay, ferry-directory and ferry-cli go into Ferry.app/Contents/MacOS too, so one
# deployment gives them the libraries they need; the README says how to put them on PATH.
# Then macdeployqt copies Qt, its plugins and every non-system library (Homebrew's OpenSSL,
# libsodium, SQLCipher, ...) into the bundle and points the programs at those copies.
qt_generate_deploy_script(TARGET ferry OUTPUT_SCRIPT FERRY_QT_DEPLOY_SCRIPT CONTENT "
foreach(program ferry-relay ferry-directory ferry-cli)
    file(RENAME \"\${CMAKE_INSTALL_PREFIX}/bin/\${program}\"
        \"\${CMAKE_INSTALL_PREFIX}/Ferry.app/Contents/MacOS/\${program}\")
endforeach()
file(REMOVE_RECURSE \"\${CMAKE_INSTALL_PREFIX}/bin\")
qt_deploy_runtime_dependencies(
    EXECUTABLE Ferry.app
    ADDITIONAL_EXECUTABLES Ferry.app/Contents/MacOS/ferry-relay
        Ferry.app/Contents/MacOS/ferry-directory Ferry.app/Contents/MacOS/ferry-cli
    GENERATE_QT_CONF)
")
install(SCRIPT "${FERRY_QT_DEPLOY_SCRIPT}")

set(CPACK_DMG_VOLUME_NAME "Ferry")
set(CPACK_DMG_FORMAT "UDZO")
set(CPACK_PACKAGE_FILE_NAME "Ferry-${PROJECT_VERSION}-macos")
