#!/bin/sh
# Packs the rendered icons into ferry.ico as the Windows build does, checks that `file` reads
# it as an icon with every size, and compiles ferry.exe's resource script with it.
#   check_windows_resources.sh MAKE_ICO FILE WINDRES OUT.ico RC PNG...
set -eu
make_ico=$1 file=$2 windres=$3 ico=$4 rc=$5
shift 5
count=$#
"$make_ico" "$ico" "$@"
description=$("$file" -b "$ico")
echo "$description"
case "$description" in
"MS Windows icon resource - $count icons"*) ;;
*)
    echo "expected an icon resource with $count icons" >&2
    exit 1
    ;;
esac
# A PNG that is not square is refused, and nothing is written.
"$make_ico" "$ico.bad" "$1" "$0" 2>/dev/null && {
    echo "make_ico took a file that is not a PNG" >&2
    exit 1
}
[ ! -e "$ico.bad" ] || {
    echo "make_ico wrote a file after refusing its input" >&2
    exit 1
}
"$windres" -i "$rc" -o "$ico.res.o"
echo "ferry.rc compiles with the icon"
