#!/bin/sh
# Compiles, syntax only, every Qt-free source file of Ferry for Windows with MinGW-w64: what
# ferry-relay, ferry-directory and ferry-cli are built from, with the Windows files of
# core/platform and app/platform in place of the POSIX ones. Debian has no Windows builds of
# Boost, OpenSSL, libsodium, SQLCipher, libqrencode, miniupnpc or libnatpmp, so their
# headers are taken from this machine (they are the same on every system but for OpenSSL's
# generated configuration, whose 64-bit settings match); nothing is linked or run.
#
#   compile_for_windows.sh COMPILER SOURCE_DIR WORK_DIR
set -eu
compiler=$1
source_dir=$(cd "$2" && pwd)
work=$3

headers=$work/windows-headers
rm -rf "$headers"
mkdir -p "$headers/openssl"
for name in boost sodium sodium.h sqlcipher qrencode.h miniupnpc natpmp.h; do
    ln -s "/usr/include/$name" "$headers/$name"
done
ln -s /usr/include/openssl/* "$headers/openssl/"
multiarch=$(gcc -print-multiarch)
ln -sf /usr/include/"$multiarch"/openssl/* "$headers/openssl/"
# libnatpmp's own header for Windows builds, which Debian leaves out: the export macro, empty
# for a static library.
echo '#define LIBSPEC' >"$headers/declspec.h"

cd "$source_dir"
{
    find core relay -name '*.cpp' ! -name '*_posix.cpp' ! -name '*_linux.cpp' ! -name '*_macos.cpp'
    ls app/cli/*.cpp app/cli_main.cpp app/relay_main.cpp app/directory_main.cpp \
        app/platform/*_windows.cpp ui/platform/battery_windows.cpp
} | sort >"$work/windows-sources.txt"
echo "$(wc -l <"$work/windows-sources.txt") files"
# One compiler per core; every failure is printed before the exit status says so. Syntax only:
# writing objects (which ccache could keep) doubles the work, about 13 CPU minutes against 7.
export compiler headers
xargs -P "$(nproc)" -n 1 sh -c '
    "$compiler" -std=c++20 -Wall -Wextra -Werror -fsyntax-only \
        -DBOOST_ASIO_NO_DEPRECATED -D_WIN32_WINNT=0x0A00 -DFERRY_VERSION=\"0\" \
        -Icore -Irelay -Iapp -I. -isystem "$headers" -isystem "$headers/sqlcipher" "$1" ||
        { echo "in $1" >&2; exit 1; }' sh <"$work/windows-sources.txt"
