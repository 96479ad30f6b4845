// LinkOpenEvents: how macOS hands a ferry: link opened elsewhere to the running app (a
// QFileOpenEvent on the application object). Sent here by hand, as macOS would.
#include "ui/link_open_events.h"

#include <QApplication>
#include <QFileOpenEvent>
#include <QSignalSpy>
#include <QtTest>

using ferry::ui::LinkOpenEvents;

namespace {

// Sends the event to the application as the system does.
void open(const QUrl& url) {
    QFileOpenEvent event(url);
    QCoreApplication::sendEvent(qApp, &event);
}

} // namespace

class TestLinkOpenEvents : public QObject {
    Q_OBJECT

private slots:
    void aLinkBeforeDeliveryIsKeptUntilTaken() {
        LinkOpenEvents events;
        qApp->installEventFilter(&events);
        QSignalSpy opened(&events, &LinkOpenEvents::linkOpened);
        open(QUrl(QStringLiteral("ferry:/i#first")));
        open(QUrl(QStringLiteral("FERRY:/i#second")));
        QCOMPARE(opened.count(), 0);
        QCOMPARE(events.takePending(), QStringLiteral("ferry:/i#second")); // the last one wins
        QCOMPARE(events.takePending(), QString());                         // once
    }

    void linksAfterDeliveryStartsAreSignalled() {
        LinkOpenEvents events;
        qApp->installEventFilter(&events);
        events.startDelivering();
        QSignalSpy opened(&events, &LinkOpenEvents::linkOpened);
        open(QUrl(QStringLiteral("ferry:/c#abc%20def")));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), QStringLiteral("ferry:/c#abc%20def"));
        QCOMPARE(events.takePending(), QString());
    }

    void filesAreNotTaken() {
        LinkOpenEvents events;
        qApp->installEventFilter(&events);
        events.startDelivering();
        QSignalSpy opened(&events, &LinkOpenEvents::linkOpened);
        QFileOpenEvent file(QStringLiteral("/tmp/picture.png"));
        QCoreApplication::sendEvent(qApp, &file);
        QFileOpenEvent web(QUrl(QStringLiteral("https://example.org/")));
        QCoreApplication::sendEvent(qApp, &web);
        QCOMPARE(opened.count(), 0);
        QCOMPARE(events.takePending(), QString());
    }
};

QTEST_MAIN(TestLinkOpenEvents)
#include "test_link_open_events.moc"
