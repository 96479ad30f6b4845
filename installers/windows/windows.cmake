# Windows (included by installers/CMakeLists.txt when FERRY_BUILD_UI is on): the app's icon in
# ferry.exe and the installer, the Qt runtime (windeployqt) and the other libraries' DLLs next
# to the programs, and the NSIS installer, which also registers the ferry: scheme.

# ferry.ico from the rendered PNGs (ferry_make_ico, installers/CMakeLists.txt), into ferry.exe
# through a resource script.
set(FERRY_ICO "${CMAKE_CURRENT_BINARY_DIR}/ferry.ico")
foreach(size 16 24 32 48 64 128 256)
    set(png "${CMAKE_CURRENT_BINARY_DIR}/icons/ico/${size}.png")
    ferry_render_png(${size} "${png}")
    list(APPEND FERRY_ICO_PNGS "${png}")
endforeach()
add_custom_command(OUTPUT "${FERRY_ICO}"
    COMMAND ferry_make_ico "${FERRY_ICO}" ${FERRY_ICO_PNGS}
    DEPENDS ferry_make_ico ${FERRY_ICO_PNGS} VERBATIM)
add_custom_target(ferry_windows_icon DEPENDS "${FERRY_ICO}")
configure_file("${FERRY_RESOURCES}/windows/ferry.rc.in" "${CMAKE_CURRENT_BINARY_DIR}/ferry.rc"
    @ONLY)
target_sources(ferry PRIVATE "${CMAKE_CURRENT_BINARY_DIR}/ferry.rc")
set_source_files_properties("${CMAKE_CURRENT_BINARY_DIR}/ferry.rc" PROPERTIES
    OBJECT_DEPENDS "${FERRY_ICO}")
add_dependencies(ferry ferry_windows_icon)
# A window, not a console (Qt's entry point library supplies WinMain).
set_target_properties(ferry PROPERTIES WIN32_EXECUTABLE ON)

# The Qt libraries and plugins ferry.exe loads (platforms, styles, image formats, multimedia,
# TLS), copied beside it at install time by windeployqt.
qt_generate_deploy_app_script(TARGET ferry OUTPUT_SCRIPT FERRY_QT_DEPLOY_SCRIPT
    NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT "${FERRY_QT_DEPLOY_SCRIPT}")
# Every other DLL the four programs link (OpenSSL, libsodium, SQLCipher, ZXing, QtKeychain,
# the compiler's runtime), found beside the compiler, where MSYS2 keeps them; Windows' own
# DLLs stay out.
get_filename_component(FERRY_TOOLCHAIN_BIN "${CMAKE_CXX_COMPILER}" DIRECTORY)
install(RUNTIME_DEPENDENCY_SET ferry_runtime DESTINATION ${CMAKE_INSTALL_BINDIR}
    PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-"
    POST_EXCLUDE_REGEXES "[/\\\\][Ww][Ii][Nn][Dd][Oo][Ww][Ss][/\\\\]"
    DIRECTORIES "${FERRY_TOOLCHAIN_BIN}")

# The installer. Values reach NSIS as written here (CPACK_VERBATIM_VARIABLES in the caller).
set(CPACK_NSIS_PACKAGE_NAME "Ferry")
set(CPACK_NSIS_DISPLAY_NAME "Ferry")
set(CPACK_NSIS_MUI_ICON "${FERRY_ICO}")
set(CPACK_NSIS_MUI_UNIICON "${FERRY_ICO}")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\ferry.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "https://ferry.invalid")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# A Start menu entry for the app; the headless programs are run from a terminal.
set(CPACK_PACKAGE_EXECUTABLES "ferry" "Ferry")
set(CPACK_NSIS_MUI_FINISHPAGE_RUN "ferry.exe")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
# ferry: links opened in a browser or another app start Ferry's Connect with the link (%1), as
# the desktop entry's MimeType does on Linux.
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS [[
WriteRegStr SHCTX "Software\Classes\ferry" "" "URL:Ferry link"
WriteRegStr SHCTX "Software\Classes\ferry" "URL Protocol" ""
WriteRegStr SHCTX "Software\Classes\ferry\DefaultIcon" "" "$INSTDIR\bin\ferry.exe,0"
WriteRegStr SHCTX "Software\Classes\ferry\shell\open\command" "" '"$INSTDIR\bin\ferry.exe" "%1"'
]])
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS [[
DeleteRegKey SHCTX "Software\Classes\ferry"
]])
set(CPACK_PACKAGE_FILE_NAME "Ferry-${PROJECT_VERSION}-win64")
