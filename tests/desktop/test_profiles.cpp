// Profile folders (`--profile NAME|DIR`) and one app instance per profile.
#include "ui/profile_location.h"
#include "ui/single_instance.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ferry::ui;

class TestProfiles : public QObject {
    Q_OBJECT

private slots:
    void resolve_data() {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("folder");
        QTest::newRow("default") << ""
                                 << "default"
                                 << "/data/default";
        QTest::newRow("bare name") << "work"
                                   << "work"
                                   << "/data/work";
        QTest::newRow("spaces trimmed") << "  work "
                                        << "work"
                                        << "/data/work";
        QTest::newRow("absolute path") << "/tmp/p1"
                                       << "p1"
                                       << "/tmp/p1";
        QTest::newRow("trailing slash") << "/tmp/p2/"
                                        << "p2"
                                        << "/tmp/p2";
    }

    void resolve() {
        QFETCH(QString, argument);
        QFETCH(QString, name);
        QFETCH(QString, folder);
        const ProfileLocation location = resolveProfile(argument, QStringLiteral("/data"));
        QCOMPARE(location.name, name);
        QCOMPARE(QDir::cleanPath(location.folder), folder);
        QCOMPARE(location.databaseFile(), QDir(location.folder).filePath("profile.db"));
    }

    void relativePathIsAPath() {
        const ProfileLocation location = resolveProfile("./here", "/data");
        QCOMPARE(location.folder, QDir::current().absoluteFilePath("here"));
    }

    void listsOnlyProfiles() {
        QTemporaryDir root;
        for (const char* name : {"alice", "bob", "empty"})
            QDir(root.path()).mkpath(name);
        for (const char* name : {"alice", "bob"}) {
            QFile db(root.filePath(QString(name) + "/profile.db"));
            QVERIFY(db.open(QIODevice::WriteOnly));
        }
        QCOMPARE(listProfiles(root.path()), (QStringList{"alice", "bob"}));
    }

    void oneInstancePerProfile() {
        QTemporaryDir folder;
        SingleInstance first(folder.path());
        QVERIFY(first.acquire());
        QSignalSpy activated(&first, &SingleInstance::activated);

        SingleInstance second(folder.path());
        QVERIFY(!second.acquire());
        const QStringList link{"ferry:/invitation#/?v=1&smp=x&e2e=y"};
        QVERIFY(second.handOver(link));
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.first().first().toStringList(), link);

        // Another profile is independent.
        QTemporaryDir other;
        SingleInstance third(other.path());
        QVERIFY(third.acquire());
    }

    void lockIsReleasedWithTheOwner() {
        QTemporaryDir folder;
        {
            SingleInstance owner(folder.path());
            QVERIFY(owner.acquire());
        }
        SingleInstance next(folder.path());
        QVERIFY(next.acquire());
    }
};

QTEST_GUILESS_MAIN(TestProfiles)
#include "test_profiles.moc"
