// The headless programs' default data folder on this system (app/platform/data_folder_xdg.cpp)
// and how program_info.h builds on it.
#include "platform/data_folder.h"
#include "program_info.h"

#include <QtTest>
#include <cstdlib>

using ferry::app::userDataFolder;

class TestDataFolder : public QObject {
    Q_OBJECT

private slots:
    void xdgDataHomeWins() {
        qputenv("XDG_DATA_HOME", "/srv/data");
        qputenv("HOME", "/home/pat");
        QCOMPARE(userDataFolder(), std::filesystem::path("/srv/data"));
    }

    void elseTheHomeFoldersLocalShare() {
        qunsetenv("XDG_DATA_HOME");
        qputenv("HOME", "/home/pat");
        QCOMPARE(userDataFolder(), std::filesystem::path("/home/pat/.local/share"));
        qputenv("XDG_DATA_HOME", ""); // empty is unset
        QCOMPARE(userDataFolder(), std::filesystem::path("/home/pat/.local/share"));
    }

    void theProgramsVariableComesFirst() {
        const ferry::app::ProgramInfo info{"ferry-relay", "relay", ""};
        qputenv("HOME", "/home/pat");
        qunsetenv("XDG_DATA_HOME");
        qunsetenv("FERRY_TEST_DATA");
        QCOMPARE(ferry::app::defaultDataDir(info, "FERRY_TEST_DATA"),
                 std::filesystem::path("/home/pat/.local/share/ferry-relay"));
        qputenv("FERRY_TEST_DATA", "/var/lib/relay");
        QCOMPARE(ferry::app::defaultDataDir(info, "FERRY_TEST_DATA"),
                 std::filesystem::path("/var/lib/relay"));
    }
};

QTEST_GUILESS_MAIN(TestDataFolder)
#include "test_data_folder.moc"
