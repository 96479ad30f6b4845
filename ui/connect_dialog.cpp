#include "ui/connect_dialog.h"

#include "ui/async_qr_decoder.h"
#include "ui/camera_scanner.h"
#include "ui/dialog_parts.h"
#include "ui/engine_adapter.h"
#include "ui/failure_text.h"
#include "ui/screen_region_picker.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QMediaDevices>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

bool isFerryText(const QString& text) {
    return text.trimmed().startsWith(QLatin1String("ferry:"), Qt::CaseInsensitive);
}

QString imageFileFilter() {
    QStringList patterns;
    for (const QByteArray& format : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    return ConnectDialog::tr("Images (%1)").arg(patterns.join(QLatin1Char(' ')));
}

} // namespace

ConnectDialog::ConnectDialog(EngineAdapter& adapter, QWidget* parent)
    : QDialog(parent), m_adapter(adapter), m_link(new QLineEdit(this)),
      m_connect(new QPushButton(tr("C&onnect"), this)),
      m_camera(new QPushButton(tr("Scan with &camera…"), this)),
      m_openImage(new QPushButton(tr("Open &image…"), this)),
      m_pasteImage(new QPushButton(tr("&Paste image"), this)),
      m_scanScreen(new QPushButton(tr("Scan &screen…"), this)), m_status(new QLabel(this)),
      m_decoder(new AsyncQrDecoder(this)), m_devices(new QMediaDevices(this)),
      m_hasCamera(CameraScanner::cameraAvailable()) {
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect"));
    setAcceptDrops(true);

    buildLayout();
    connectSignals();
    updateButtons();
}

void ConnectDialog::buildLayout() {
    auto* intro = new QLabel(tr("Paste the link someone gave you — an invitation or an "
                                "address — or scan their QR code."),
                             this);
    intro->setWordWrap(true);

    m_link->setObjectName(QStringLiteral("linkEdit"));
    m_link->setPlaceholderText(tr("ferry:/…"));
    m_link->setAccessibleName(tr("Link"));
    m_link->setClearButtonEnabled(true);
    m_link->installEventFilter(this); // image drops on the field are scanned, not pasted
    auto* linkLabel = new QLabel(tr("&Link:"), this);
    linkLabel->setBuddy(m_link);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);

    auto* linkRow = new QHBoxLayout;
    linkRow->addWidget(linkLabel);
    linkRow->addWidget(m_link, 1);
    linkRow->addWidget(m_connect);

    m_camera->setObjectName(QStringLiteral("cameraButton"));
    m_openImage->setObjectName(QStringLiteral("openImageButton"));
    m_pasteImage->setObjectName(QStringLiteral("pasteImageButton"));
    m_scanScreen->setObjectName(QStringLiteral("scanScreenButton"));
    m_openImage->setToolTip(tr("Scan a QR code from a picture or screenshot"));
    m_pasteImage->setToolTip(tr("Scan a QR code from an image you copied"));
    m_scanScreen->setToolTip(
        tr("Scan a QR code shown on your screen, for example in a video call"));
    for (QPushButton* button : {m_camera, m_openImage, m_pasteImage, m_scanScreen})
        button->setAutoDefault(false);

    auto* scanLabel = new QLabel(tr("Scan a QR code:"), this);
    auto* scanRow = new QHBoxLayout;
    scanRow->addWidget(m_camera);
    scanRow->addWidget(m_openImage);
    scanRow->addWidget(m_pasteImage);
    scanRow->addWidget(m_scanScreen);
    scanRow->addStretch(1);

    auto* dropHint =
        new QLabel(tr("You can also drop an image of the code onto this window."), this);
    dropHint->setWordWrap(true);
    dropHint->setEnabled(false); // dimmed: a hint, not content

    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(linkRow);
    layout->addSpacing(8);
    layout->addWidget(scanLabel);
    layout->addLayout(scanRow);
    layout->addWidget(dropHint);
    layout->addWidget(m_status);
    layout->addStretch(1);
    layout->addWidget(buttons);
}

void ConnectDialog::connectSignals() {
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::connectToLink);
    connect(m_link, &QLineEdit::returnPressed, this, &ConnectDialog::connectToLink);
    connect(m_camera, &QPushButton::clicked, this, &ConnectDialog::scanWithCamera);
    connect(m_openImage, &QPushButton::clicked, this, &ConnectDialog::openImage);
    connect(m_pasteImage, &QPushButton::clicked, this, &ConnectDialog::pasteImage);
    connect(m_scanScreen, &QPushButton::clicked, this, &ConnectDialog::scanScreen);

    connect(m_decoder, &AsyncQrDecoder::decoded, this, &ConnectDialog::onDecoded);
    connect(m_decoder, &AsyncQrDecoder::notFound, this, [this] {
        setScanning(false);
        showProblem(tr("No QR code found"),
                    tr("No QR code found in this image. Try a sharper picture in which the "
                       "whole code is visible."));
    });
    connect(m_decoder, &AsyncQrDecoder::unreadable, this, [this] {
        setScanning(false);
        showProblem(tr("Cannot open the image"),
                    tr("This file could not be opened as an image. Choose a PNG or JPEG "
                       "picture of the QR code."));
    });

    connect(m_devices, &QMediaDevices::videoInputsChanged, this, [this] {
        m_hasCamera = CameraScanner::cameraAvailable();
        updateButtons();
    });
}

void ConnectDialog::setLink(const QString& link) {
    if (m_connecting)
        return;
    m_link->setText(link.trimmed());
    m_link->setCursorPosition(0);
    m_connect->setFocus();
}

QMessageBox* ConnectDialog::problemBox() const {
    return m_problem;
}

QString ConnectDialog::link() const {
    return m_link->text().trimmed();
}

void ConnectDialog::connectToLink() {
    if (m_connecting)
        return;
    const QString text = link();
    const QString problem = EngineAdapter::linkProblem(text);
    if (!problem.isEmpty()) {
        showProblem(tr("Not a Ferry link"), problem);
        return;
    }
    m_connecting = true;
    m_status->setText(tr("Connecting…"));
    updateButtons();
    m_adapter.connectLink(
        text, this, [this](qint64 contactId) { onLinkConnected(contactId); },
        [this](const core::Error& error) { onFailed(error); });
}

void ConnectDialog::onLinkConnected(qint64 contactId) {
    if (!m_connecting)
        return;
    m_connecting = false;
    m_status->clear();
    updateButtons();
    emit connected(contactId);
    accept();
}

void ConnectDialog::onFailed(const core::Error& error) {
    if (!m_connecting)
        return;
    m_connecting = false;
    m_status->clear();
    updateButtons();
    showProblem(tr("Could not connect"), failureText(error));
}

void ConnectDialog::scanWithCamera() {
    if (!m_hasCamera)
        return;
    if (m_cameraScanner) {
        m_cameraScanner->raise();
        return;
    }
    auto* scanner = new CameraScanner(this);
    scanner->setAttribute(Qt::WA_DeleteOnClose);
    connect(scanner, &CameraScanner::decoded, this, &ConnectDialog::onDecoded);
    m_cameraScanner = scanner;
    scanner->open();
}

void ConnectDialog::openImage() {
    if (m_fileDialog) {
        m_fileDialog->raise();
        return;
    }
    const QString folder = picturesFolder();
    auto* dialog =
        new QFileDialog(this, tr("Open an image of the QR code"), folder, imageFileFilter());
    dialog->setObjectName(QStringLiteral("openImageDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &ConnectDialog::scanImageFile);
    m_fileDialog = dialog;
    dialog->open();
}

void ConnectDialog::scanImageFile(const QString& path) {
    if (m_connecting || m_decoder->busy())
        return;
    setScanning(true);
    m_decoder->decodeFile(path);
}

void ConnectDialog::scanImage(const QImage& image) {
    if (m_connecting || m_decoder->busy())
        return;
    setScanning(true);
    m_decoder->decodeImage(image);
}

void ConnectDialog::pasteImage() {
    if (m_connecting)
        return;
    const QMimeData* data = QGuiApplication::clipboard()->mimeData();
    if (data && handleMimeData(data))
        return;
    showProblem(tr("No image on the clipboard"),
                tr("There is no image on the clipboard. Copy a picture of the QR code first, "
                   "or paste a copied link into the link field."));
}

void ConnectDialog::scanScreen() {
    if (m_connecting)
        return;
    if (m_screenPicker) {
        m_screenPicker->raise();
        return;
    }
    auto* picker = new ScreenRegionPicker(this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &ScreenRegionPicker::decoded, this, [this, picker](const QString& text) {
        picker->close();
        onDecoded(text);
    });
    connect(picker, &ScreenRegionPicker::cancelled, picker, &QWidget::close);
    connect(picker, &ScreenRegionPicker::unavailable, this, [this, picker](const QString& reason) {
        picker->close();
        showProblem(tr("Cannot scan the screen"), reason);
    });
    m_screenPicker = picker;
    picker->start();
}

void ConnectDialog::onDecoded(const QString& text) {
    setScanning(false);
    if (m_connecting)
        return;
    const QString problem = EngineAdapter::linkProblem(text);
    if (!problem.isEmpty()) {
        showProblem(tr("Not a Ferry link"),
                    tr("The QR code does not hold a Ferry link. %1").arg(problem));
        return;
    }
    m_link->setText(text.trimmed());
    m_link->setCursorPosition(0);
    connectToLink();
}

bool ConnectDialog::acceptsMimeData(const QMimeData* data) {
    if (!data)
        return false;
    if (data->hasImage())
        return true;
    if (data->hasUrls()) {
        for (const QUrl& url : data->urls())
            if (url.isLocalFile() || url.scheme() == QLatin1String("ferry"))
                return true;
    }
    return data->hasText() && isFerryText(data->text());
}

bool ConnectDialog::handleMimeData(const QMimeData* data) {
    if (!acceptsMimeData(data) || m_connecting)
        return false;
    if (data->hasImage()) {
        scanImage(qvariant_cast<QImage>(data->imageData()));
        return true;
    }
    if (data->hasUrls()) {
        for (const QUrl& url : data->urls()) {
            if (url.isLocalFile()) {
                scanImageFile(url.toLocalFile());
                return true;
            }
            if (url.scheme() == QLatin1String("ferry")) {
                m_link->setText(url.toString());
                connectToLink();
                return true;
            }
        }
    }
    if (data->hasText() && isFerryText(data->text())) {
        m_link->setText(data->text().trimmed());
        connectToLink();
        return true;
    }
    return false;
}

void ConnectDialog::dragEnterEvent(QDragEnterEvent* event) {
    if (!m_connecting && acceptsMimeData(event->mimeData()))
        event->acceptProposedAction();
}

void ConnectDialog::dropEvent(QDropEvent* event) {
    if (handleMimeData(event->mimeData()))
        event->acceptProposedAction();
}

bool ConnectDialog::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_link) {
        // The field takes plain text itself; images and files are scanned instead.
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto* drag = static_cast<QDropEvent*>(event);
            const QMimeData* data = drag->mimeData();
            if (data && (data->hasImage() || data->hasUrls())) {
                if (!m_connecting && acceptsMimeData(data))
                    drag->acceptProposedAction();
                else
                    drag->ignore();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto* drop = static_cast<QDropEvent*>(event);
            const QMimeData* data = drop->mimeData();
            if (data && (data->hasImage() || data->hasUrls())) {
                if (handleMimeData(data))
                    drop->acceptProposedAction();
                return true;
            }
        }
    }
    return QDialog::eventFilter(watched, event);
}

void ConnectDialog::showProblem(const QString& title, const QString& text) {
    if (m_problem)
        m_problem->close();
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("connectProblem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_problem = box;
    box->open();
}

void ConnectDialog::setScanning(bool scanning) {
    m_scanning = scanning;
    if (scanning)
        m_status->setText(tr("Looking for a QR code…"));
    else if (!m_connecting)
        m_status->clear();
    updateButtons();
}

void ConnectDialog::updateButtons() {
    const bool idle = !m_connecting && !m_scanning;
    m_connect->setEnabled(!m_connecting);
    m_connect->setText(m_connecting ? tr("Connecting…") : tr("C&onnect"));
    m_link->setReadOnly(m_connecting);
    m_camera->setEnabled(idle && m_hasCamera);
    m_camera->setToolTip(m_hasCamera ? tr("Scan a QR code held up to your camera")
                                     : tr("No camera found"));
    m_openImage->setEnabled(idle);
    m_pasteImage->setEnabled(idle);
    m_scanScreen->setEnabled(idle);
}

} // namespace ferry::ui
