// Adding contacts in the desktop app: the invitation and address dialogs show QR codes that
// decode back to their links, and the connect dialog takes a pasted link or a QR code from an
// image file, the clipboard, a drop or the screen — against a real relay and two profiles in
// this process. Problems reach the user as message box text.
#include "adapter_profile.h"
#include "relay_fixture.h"
#include "ui/address_dialog.h"
#include "ui/camera_scanner.h"
#include "ui/connect_dialog.h"
#include "ui/engine_adapter.h"
#include "ui/invite_dialog.h"
#include "ui/link_share_panel.h"
#include "ui/qr_code_widget.h"
#include "ui/qr_image.h"
#include "ui/screen_region_picker.h"

#include <QApplication>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace ferry;
using namespace ferry::ui;
using ferry::test::RelayFixture;

namespace {

constexpr int kTimeout = ferry::test::kAdapterTimeoutMs;
using Profile = ferry::test::AdapterProfile;

QImage qrImage(const QString& text, int pixelsPerModule = 6) {
    auto code = core::encodeQr(text.toStdString());
    if (!code)
        qFatal("encodeQr failed");
    return renderQrImage(*code, pixelsPerModule);
}

QString decodedWidget(QWidget* widget) {
    return decodeQrImage(widget->grab().toImage()).value_or(QString());
}

QString problemText(const ConnectDialog& dialog) {
    return dialog.problemBox() ? dialog.problemBox()->text() : QString();
}

} // namespace

class TestAddContactDialogs : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<RelayFixture> m_relay;
    std::unique_ptr<Profile> m_alice;
    std::unique_ptr<Profile> m_bob;
    QTemporaryDir m_files;

    QString newInvitation() {
        ferry::test::Answer<const QString&> invited;
        (*m_alice)->createInvitation(&invited, invited.onDone(), invited.onFailed());
        if (!QTest::qWaitFor([&] { return invited.done > 0; }, kTimeout))
            return {};
        return invited.first();
    }

    /// Bob's dialog, after `act`, connects to Alice's `link`.
    void expectConnects(ConnectDialog& dialog, const QString& link) {
        QSignalSpy connected(&dialog, &ConnectDialog::connected);
        QSignalSpy aliceSide(m_alice->get(), &EngineAdapter::contactConnected);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.link(), link, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeout);
        QVERIFY(connected.at(0).at(0).toLongLong() > 0);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.problemBox());
        QTRY_VERIFY_WITH_TIMEOUT(!aliceSide.isEmpty(), kTimeout);
    }

private slots:
    void initTestCase() {
        m_relay = std::make_unique<RelayFixture>();
        m_alice = std::make_unique<Profile>("Alice");
        m_bob = std::make_unique<Profile>("Bob");
        m_alice->addRelay(m_relay->server().address());
        m_bob->addRelay(m_relay->server().address());
        QVERIFY(m_files.isValid());
    }

    void cleanupTestCase() {
        m_bob.reset();
        m_alice.reset();
        m_relay.reset();
    }

    void qrWidgetIsLargeSquareAndDarkOnWhite() {
        QrCodeWidget widget;
        QVERIFY(widget.minimumSizeHint().width() >= 260);
        QCOMPARE(widget.heightForWidth(400), 400);
        QVERIFY(!widget.accessibleName().isEmpty());
        // A dark theme must not turn the code into light-on-dark.
        QPalette dark = widget.palette();
        dark.setColor(QPalette::Window, Qt::black);
        dark.setColor(QPalette::WindowText, Qt::white);
        widget.setPalette(dark);
        widget.setText(QStringLiteral("ferry:/example"));
        widget.resize(300, 300);
        const QImage shot = widget.grab().toImage();
        QCOMPARE(decodeQrImage(shot).value_or(QString()), QStringLiteral("ferry:/example"));
        // A version 1 code: 21 modules + 2 × 4 of quiet zone = 29, drawn 10 px each (whole
        // pixels) centred in 300: the quiet zone is x, y in [5, 45).
        QCOMPARE(QColor(shot.pixel(25, 25)), QColor(Qt::white));
        QCOMPARE(QColor(shot.pixel(150, 25)), QColor(Qt::white));
        QCOMPARE(QColor(shot.pixel(50, 50)), QColor(Qt::black)); // a finder pattern's corner
        QVERIFY(widget.hasCode());
        QVERIFY(widget.toImage(1200).width() >= 1200);
    }

    void inviteDialogShowsTheLinkAsQr() {
        InviteDialog dialog(*m_alice->get());
        QCOMPARE(dialog.link(), QString());
        dialog.show();
        QCOMPARE(dialog.state(), InviteDialog::State::Creating);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), InviteDialog::State::Ready, kTimeout);
        const QString link = dialog.link();
        QVERIFY(link.startsWith("ferry:"));
        QTest::qWait(50);
        QCOMPARE(dialog.link(), link); // one invitation: no second answer replaced it
        QVERIFY(dialog.qrCode()->width() >= 260);
        QCOMPARE(decodedWidget(dialog.qrCode()), link);
        auto* field = dialog.findChild<QLineEdit*>("linkField");
        QVERIFY(field && field->isReadOnly());
        QCOMPARE(field->text(), link);
        auto* note = dialog.findChild<QLabel*>("onceNote");
        QVERIFY(note && note->text().contains("works once"));

        dialog.findChild<QPushButton*>("copyLinkButton")->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), link);

        const QString path = m_files.filePath("invitation.png");
        QVERIFY(dialog.findChild<LinkSharePanel*>()->saveImage(path));
        const QImage saved(path);
        QVERIFY(saved.width() >= LinkSharePanel::kImageMinimumSide);
        QCOMPARE(decodeQrImage(saved).value_or(QString()), link);
    }

    void inviteDialogShowsFailureWithTryAgain() {
        Profile lonely("Lonely"); // no relay: the engine cannot make an invitation
        InviteDialog dialog(*lonely.get());
        dialog.show();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), InviteDialog::State::Failed, kTimeout);
        QVERIFY2(dialog.problem().contains("relay"), qPrintable(dialog.problem()));
        auto* retry = dialog.findChild<QPushButton*>("retryButton");
        QVERIFY(retry && retry->isVisible() && retry->isDefault());
        retry->click();
        QCOMPARE(dialog.state(), InviteDialog::State::Creating);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), InviteDialog::State::Failed, kTimeout);
    }

    void pastedLinkConnectsAndUsedLinkIsRefused() {
        const QString link = newInvitation();
        QVERIFY(!link.isEmpty());
        QSignalSpy bobSide(m_bob->get(), &EngineAdapter::contactConnected);
        {
            ConnectDialog dialog(*m_bob->get());
            dialog.show();
            dialog.setLink(QStringLiteral("  ") + link + QStringLiteral("\n"));
            QCOMPARE(dialog.link(), link);
            QVERIFY(!dialog.isConnecting()); // a link from elsewhere waits for the user
            auto* button = dialog.findChild<QPushButton*>("connectButton");
            QVERIFY(button->isDefault());
            button->click();
            QVERIFY(dialog.isConnecting());
            QVERIFY(!button->isEnabled());
            QCOMPARE(button->text(), QStringLiteral("Connecting…"));
            expectConnects(dialog, link);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!bobSide.isEmpty(), kTimeout);
        QCOMPARE(bobSide.last().at(0).value<ContactItem>().name, QStringLiteral("Alice"));

        // The same invitation once more: the engine refuses it, the user reads why.
        ConnectDialog again(*m_bob->get());
        again.show();
        again.setLink(link);
        again.connectToLink();
        QTRY_VERIFY_WITH_TIMEOUT(again.problemBox(), kTimeout);
        QCOMPARE(problemText(again),
                 QStringLiteral("This invitation link was already used, or it was deleted. "
                                "Ask for a new one."));
        QCOMPARE(again.problemBox()->icon(), QMessageBox::Warning);
        QVERIFY(!again.isConnecting());
        QVERIFY(again.findChild<QPushButton*>("connectButton")->isEnabled());
        QCOMPARE(again.result(), int(QDialog::Rejected));
    }

    void connectsFromImageFile() {
        const QString link = newInvitation();
        QVERIFY(!link.isEmpty());
        const QString path = m_files.filePath("scan.png");
        // A photo-like picture: the code somewhere inside a larger image.
        QImage picture(900, 700, QImage::Format_RGB32);
        picture.fill(QColor(230, 225, 210));
        {
            QPainter painter(&picture);
            painter.drawImage(QPoint(300, 150), qrImage(link, 5));
        }
        QVERIFY(picture.save(path));
        ConnectDialog dialog(*m_bob->get());
        dialog.show();
        dialog.scanImageFile(path);
        expectConnects(dialog, link);
    }

    void connectsFromClipboardImage() {
        const QString link = newInvitation();
        QVERIFY(!link.isEmpty());
        QGuiApplication::clipboard()->setImage(qrImage(link));
        ConnectDialog dialog(*m_bob->get());
        dialog.show();
        dialog.findChild<QPushButton*>("pasteImageButton")->click();
        expectConnects(dialog, link);
    }

    void connectsFromDroppedImageFile() {
        const QString link = newInvitation();
        QVERIFY(!link.isEmpty());
        const QString path = m_files.filePath("dropped.png");
        QVERIFY(qrImage(link, 4).save(path));
        ConnectDialog dialog(*m_bob->get());
        dialog.show();
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&dialog, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&dialog, &drop);
        QVERIFY(drop.isAccepted());
        expectConnects(dialog, link);
    }

    void dragOfPlainTextIsNotTaken() {
        ConnectDialog dialog(*m_bob->get());
        QMimeData data;
        data.setText(QStringLiteral("just some words"));
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton,
                              Qt::NoModifier);
        enter.ignore();
        QApplication::sendEvent(&dialog, &enter);
        QVERIFY(!enter.isAccepted());
    }

    void wrongLinkIsExplained_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("words") << "hello"
                               << "This is not a Ferry link. Ferry links start with \"ferry:/\".";
        QTest::newRow("damaged") << "ferry:/invitation#/?v=1&smp=garbage"
                                 << "This Ferry link is damaged or incomplete";
        QTest::newRow("empty") << ""
                               << "Paste a Ferry link first.";
    }

    void wrongLinkIsExplained() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QSignalSpy joined(m_bob->get(), &EngineAdapter::linkConnected);
        ConnectDialog dialog(*m_bob->get());
        dialog.show();
        dialog.findChild<QLineEdit*>("linkEdit")->setText(text);
        dialog.findChild<QPushButton*>("connectButton")->click();
        QVERIFY(dialog.problemBox());
        QCOMPARE(dialog.problemBox()->objectName(), QStringLiteral("connectProblem"));
        QVERIFY2(problemText(dialog).startsWith(expected), qPrintable(problemText(dialog)));
        QCOMPARE(problemText(dialog), EngineAdapter::linkProblem(text));
        QVERIFY(!dialog.isConnecting()); // checked here, the engine was never asked
        // Had the engine been asked, its failure would have replaced the box by now.
        QTest::qWait(50);
        QCOMPARE(problemText(dialog), EngineAdapter::linkProblem(text));
        QCOMPARE(joined.count(), 0);
        // A second problem replaces the first box rather than stacking up.
        dialog.connectToLink();
        QTRY_COMPARE(dialog.findChildren<QMessageBox*>("connectProblem").size(), 1);
    }

    void scanProblemsAreExplained() {
        ConnectDialog dialog(*m_bob->get());
        dialog.show();

        QImage blank(400, 300, QImage::Format_RGB32);
        blank.fill(Qt::white);
        const QString blankPath = m_files.filePath("blank.png");
        QVERIFY(blank.save(blankPath));
        dialog.scanImageFile(blankPath);
        QTRY_VERIFY(dialog.problemBox());
        QVERIFY2(problemText(dialog).startsWith("No QR code found in this image"),
                 qPrintable(problemText(dialog)));
        dialog.problemBox()->close();

        const QString textPath = m_files.filePath("notes.png");
        QFile notes(textPath);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not an image at all");
        notes.close();
        dialog.scanImageFile(textPath);
        QTRY_VERIFY(problemText(dialog).contains("could not be opened as an image"));
        dialog.problemBox()->close();

        dialog.scanImage(qrImage(QStringLiteral("https://example.org/menu")));
        QTRY_VERIFY(problemText(dialog).startsWith("The QR code does not hold a Ferry link"));
        QVERIFY(!dialog.isConnecting());
        dialog.problemBox()->close();

        QGuiApplication::clipboard()->clear();
        dialog.pasteImage();
        QTRY_VERIFY(problemText(dialog).startsWith("There is no image on the clipboard"));
    }

    void cameraButtonSaysWhenThereIsNoCamera() {
        ConnectDialog dialog(*m_bob->get());
        auto* camera = dialog.findChild<QPushButton*>("cameraButton");
        QVERIFY(camera);
        if (CameraScanner::cameraAvailable())
            QSKIP("this machine has a camera");
        QVERIFY(!camera->isEnabled());
        QCOMPARE(camera->toolTip(), QStringLiteral("No camera found"));
    }

    void screenPickerDecodesTheChosenRegion_data() {
        QTest::addColumn<qreal>("ratio");
        QTest::newRow("1x") << 1.0;
        QTest::newRow("2x") << 2.0;
    }

    void screenPickerDecodesTheChosenRegion() {
        QFETCH(qreal, ratio);
        // A desktop with two codes: a video call shows one, a web page the other.
        const QSize logical(1600, 1000);
        QImage capture((QSizeF(logical) * ratio).toSize(), QImage::Format_RGB32);
        capture.fill(QColor(60, 63, 65));
        {
            QPainter painter(&capture);
            painter.drawImage(QPointF(100, 100) * ratio, qrImage("ferry:/left", int(4 * ratio)));
            painter.drawImage(QPointF(1100, 550) * ratio, qrImage("ferry:/right", int(3 * ratio)));
        }
        capture.setDevicePixelRatio(ratio);
        ScreenRegionPicker picker(capture, QRect());
        QSignalSpy decoded(&picker, &ScreenRegionPicker::decoded);
        QSignalSpy notFound(&picker, &ScreenRegionPicker::notFound);

        picker.decodeRegion(QRect(1050, 500, 300, 300)); // logical coordinates
        QTRY_COMPARE_WITH_TIMEOUT(decoded.count(), 1, 10000);
        QCOMPARE(decoded.at(0).at(0).toString(), QStringLiteral("ferry:/right"));

        picker.decodeRegion(QRect(600, 100, 300, 300)); // nothing there
        QTRY_COMPARE_WITH_TIMEOUT(notFound.count(), 1, 10000);
        QCOMPARE(decoded.count(), 1);
    }

    void screenPickerTakesADraggedRectangle() {
        QImage capture(1600, 1000, QImage::Format_RGB32);
        capture.fill(QColor(60, 63, 65));
        {
            QPainter painter(&capture);
            painter.drawImage(QPoint(100, 100), qrImage("ferry:/left", 4));
            painter.drawImage(QPoint(1100, 550), qrImage("ferry:/right", 4));
        }
        ScreenRegionPicker picker(capture, QRect());
        QSignalSpy decoded(&picker, &ScreenRegionPicker::decoded);
        QSignalSpy cancelled(&picker, &ScreenRegionPicker::cancelled);
        picker.showOverlay();
        QVERIFY(QTest::qWaitForWindowExposed(&picker));
        // Overlay coordinates: the capture scaled to whatever size the overlay got.
        auto at = [&](int x, int y) {
            return QPoint(x * picker.width() / capture.width(),
                          y * picker.height() / capture.height());
        };
        QTest::mousePress(&picker, Qt::LeftButton, {}, at(1050, 500));
        QTest::mouseMove(&picker, at(1200, 650));
        QTest::mouseRelease(&picker, Qt::LeftButton, {}, at(1350, 800));
        QTRY_COMPARE_WITH_TIMEOUT(decoded.count(), 1, 10000);
        QCOMPARE(decoded.at(0).at(0).toString(), QStringLiteral("ferry:/right"));
        QVERIFY(!picker.isVisible());

        picker.showOverlay();
        QTest::keyClick(&picker, Qt::Key_Escape);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!picker.isVisible());
    }

    void screenPickerTriesTheWholeCaptureFirst() {
        QImage capture(1200, 800, QImage::Format_RGB32);
        capture.fill(Qt::darkGray);
        {
            QPainter painter(&capture);
            painter.drawImage(QPoint(700, 300), qrImage("ferry:/whole", 4));
        }
        ScreenRegionPicker picker(capture, QRect());
        QSignalSpy decoded(&picker, &ScreenRegionPicker::decoded);
        picker.start();
        QTRY_COMPARE_WITH_TIMEOUT(decoded.count(), 1, 10000);
        QCOMPARE(decoded.at(0).at(0).toString(), QStringLiteral("ferry:/whole"));
        QVERIFY(!picker.isVisible()); // no overlay needed

        ScreenRegionPicker nothing(QImage(), QRect(0, 0, 10, 10));
        QSignalSpy unavailable(&nothing, &ScreenRegionPicker::unavailable);
        nothing.start();
        QCOMPARE(unavailable.count(), 1);
        QVERIFY(unavailable.at(0).at(0).toString().contains("Open image"));
    }

    void addressDialogCreatesShowsAndDeletes() {
        QSignalSpy created(m_bob->get(), &EngineAdapter::addressCreated);
        {
            AddressDialog dialog(*m_bob->get());
            dialog.show();
            QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), AddressDialog::State::None, kTimeout);
            QVERIFY(dialog.link().isEmpty());
            auto* create = dialog.findChild<QPushButton*>("createAddressButton");
            QVERIFY(create && create->isVisible() && create->isDefault());
            create->click();
            QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), AddressDialog::State::Ready, kTimeout);
            QCOMPARE(created.count(), 1);
            const QString link = created.at(0).at(0).toString();
            QCOMPARE(dialog.link(), link);
            QCOMPARE(decodedWidget(dialog.qrCode()), link);
        }
        const QString link = created.at(0).at(0).toString();

        AddressDialog dialog(*m_bob->get());
        dialog.show();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), AddressDialog::State::Ready, kTimeout);
        QCOMPARE(dialog.link(), link); // loaded, not created again
        QCOMPARE(decodedWidget(dialog.qrCode()), link);

        dialog.findChild<QPushButton*>("deleteAddressButton")->click();
        QMessageBox* confirm = dialog.deleteConfirmation();
        QVERIFY(confirm);
        QVERIFY(confirm->text().contains("Contacts you made through it stay"));
        QCOMPARE(dialog.state(), AddressDialog::State::Ready); // nothing before the answer
        auto* remove = confirm->findChild<QPushButton*>("confirmDeleteButton");
        QVERIFY(remove);
        remove->click();
        QTRY_COMPARE_WITH_TIMEOUT(dialog.state(), AddressDialog::State::None, kTimeout);
        QVERIFY(dialog.link().isEmpty());

        AddressDialog reopened(*m_bob->get());
        reopened.show();
        QTRY_COMPARE_WITH_TIMEOUT(reopened.state(), AddressDialog::State::None, kTimeout);
    }
};

QTEST_MAIN(TestAddContactDialogs)
#include "test_add_contact_dialogs.moc"
