#pragma once

// Where a user's programs keep their data, which each system names its own way. One
// implementation per system (data_folder_<system>.cpp): xdg (Linux and other Unix systems),
// macos, windows.

#include <filesystem>

namespace ferry::app {

/// $XDG_DATA_HOME, else ~/.local/share (Linux and other Unix systems);
/// ~/Library/Application Support (macOS); %LOCALAPPDATA% (Windows). Relative to the current
/// folder if the system does not say where home is.
std::filesystem::path userDataFolder();

} // namespace ferry::app
