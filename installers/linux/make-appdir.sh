#!/usr/bin/env bash
# Makes Ferry's AppDir from a Release build: the programs, the Qt plugins the desktop app
# loads at run time, every library they need except glibc and the graphics driver stack (which
# must come from the machine it runs on), qt.conf and AppRun. The AppDir runs in place
# (./AppRun) and is what an AppImage packs.
# Usage: installers/linux/make-appdir.sh BUILD_DIR APPDIR
set -euo pipefail

[[ $# == 2 ]] || { echo "usage: $0 BUILD_DIR APPDIR" >&2; exit 2; }
BUILD=$1
APPDIR=$2
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP_ID=org.ferry.Ferry

[[ -x "$BUILD/app/ferry" ]] || { echo "$BUILD has no ferry: build it first" >&2; exit 1; }
qtpaths=$(command -v qtpaths6 || echo /usr/lib/qt6/bin/qtpaths6)
QT_PLUGINS=$("$qtpaths" --query QT_INSTALL_PLUGINS) ||
    { echo "cannot ask Qt where its plugins are (qtpaths6)" >&2; exit 1; }

rm -rf "$APPDIR"
mkdir -p "$APPDIR"
DESTDIR="$APPDIR" cmake --install "$BUILD" --prefix /usr --strip >/dev/null

# The plugins Qt loads by name: displays (X11, Wayland, and offscreen for scripts), input
# methods, image formats and SVG icons, the camera's multimedia backends, TLS and network
# state. Wayland's shell, decoration and graphics plugins come with its platform plugin.
plugins="$APPDIR/usr/lib/qt6/plugins"
mkdir -p "$plugins"
for dir in platforms platforminputcontexts imageformats iconengines multimedia tls \
    networkinformation xcbglintegrations wayland-shell-integration \
    wayland-decoration-client wayland-graphics-integration-client; do
    [[ -d "$QT_PLUGINS/$dir" ]] && cp -a "$QT_PLUGINS/$dir" "$plugins/"
done
for required in platforms/libqxcb.so platforms/libqwayland-generic.so \
    imageformats/libqsvg.so iconengines/libqsvgicon.so tls/libqopensslbackend.so; do
    [[ -f "$plugins/$required" ]] || { echo "Qt plugin $required is missing" >&2; exit 1; }
done
# Plugins the app has no use for, and that would pull in more libraries. Of the multimedia
# backends the FFmpeg one stays: it is whole with its libraries, while the GStreamer one
# would also need GStreamer's own element plugins, found at run time outside the AppDir.
rm -f "$plugins"/platforms/{libqeglfs,libqlinuxfb,libqminimalegl,libqvkkhrdisplay,libqvnc}.so
rm -f "$plugins"/multimedia/libgstreamermediaplugin.so
[[ -f "$plugins/multimedia/libffmpegmediaplugin.so" ]] ||
    { echo "Qt's FFmpeg multimedia plugin is missing" >&2; exit 1; }

cat >"$APPDIR/usr/bin/qt.conf" <<'CONF'
[Paths]
Prefix = ..
Plugins = lib/qt6/plugins
CONF

source "$HERE/machine-libraries.sh"

# Every library that the programs and the plugins need, found by the dynamic loader itself.
mkdir -p "$APPDIR/usr/lib"
mapfile -t elves < <(find "$APPDIR/usr/bin" "$plugins" -type f \( -perm -u+x -o -name '*.so' \))
for elf in "${elves[@]}"; do
    file_type=$(head -c 4 "$elf" | od -An -c | tr -d ' ')
    [[ "$file_type" == 177ELF ]] || continue
    LD_LIBRARY_PATH="$APPDIR/usr/lib" ldd "$elf" | awk '/=> \// { print $3 }'
done | sort -u | while read -r lib; do
    ferry_is_machine_library "$lib" && continue
    [[ "$lib" == "$APPDIR"/* ]] && continue
    cp -L "$lib" "$APPDIR/usr/lib/"
done

# Each program and library finds the AppDir's libraries through its own run path, so that
# nothing is put into the environment that programs Ferry starts (a browser for a link)
# would inherit.
command -v patchelf >/dev/null || { echo "patchelf is needed (scripts/deps.sh package)" >&2; exit 1; }
for elf in "$APPDIR"/usr/bin/* "$APPDIR"/usr/lib/*.so* "$plugins"/*/*.so; do
    [[ "$(head -c 4 "$elf" | od -An -c | tr -d ' ')" == 177ELF ]] || continue
    case "$elf" in
    "$APPDIR"/usr/bin/*) runpath='$ORIGIN/../lib' ;;
    "$plugins"/*) runpath='$ORIGIN/../../..' ;;
    *) runpath='$ORIGIN' ;;
    esac
    patchelf --set-rpath "$runpath" "$elf"
done

install -m 0755 "$HERE/AppRun" "$APPDIR/AppRun"
cp "$ROOT/resources/linux/$APP_ID.desktop" "$APPDIR/"
cp "$APPDIR/usr/share/icons/hicolor/256x256/apps/$APP_ID.png" "$APPDIR/"
ln -sf "$APP_ID.png" "$APPDIR/.DirIcon"
for elf in "$APPDIR"/usr/bin/* "$plugins"/*/*.so; do
    if ldd "$elf" 2>/dev/null | grep -q 'not found'; then
        echo "libraries of $elf not found:" >&2
        ldd "$elf" | grep 'not found' >&2
        exit 1
    fi
done
echo "AppDir: $APPDIR ($(du -sh "$APPDIR" | cut -f1), $(ls "$APPDIR/usr/lib" | wc -l) libraries)"
