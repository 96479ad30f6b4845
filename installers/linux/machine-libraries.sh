# Sourced by make-appdir.sh and check-clean-root.sh: the libraries an AppDir leaves to the
# machine it runs on. glibc, because the dynamic loader is the machine's; the graphics driver
# stack, because it must match the machine's kernel and GPU (the vendor-neutral GL loaders,
# the drivers they load and what only those drivers use).

# ferry_is_machine_library PATH: true for such a library.
ferry_is_machine_library() {
    case "$1" in
    */dri/* | */gbm/* | */vdpau/* | */gconv/*) return 0 ;;
    esac
    case "${1##*/}" in
    ld-linux*.so* | libc.so* | libm.so* | libdl.so* | libpthread.so* | librt.so* | \
        libresolv.so* | libutil.so* | libnss_*.so* | libanl.so* | libmvec.so* | \
        libGL.so* | libGLX*.so* | libEGL*.so* | libGLdispatch.so* | libOpenGL.so* | \
        libGLESv2.so* | libgbm.so* | libdrm*.so* | libglapi.so* | libvulkan.so* | \
        libLLVM*.so* | libxshmfence.so* | libsensors.so*) return 0 ;;
    *) return 1 ;;
    esac
}
