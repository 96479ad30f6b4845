#include "ui/camera_scanner.h"

#include "ui/async_qr_decoder.h"
#include "ui/engine_adapter.h"

#include <QCamera>
#include <QCameraDevice>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

namespace ferry::ui {

namespace {

// A few decodes a second find a code quickly without keeping a core busy.
constexpr qint64 kDecodeIntervalMs = 200;
// Large frames are scaled down before decoding: a code held up to a camera is big anyway.
constexpr int kMaxDecodeSide = 1280;

} // namespace

CameraScanner::CameraScanner(QWidget* parent)
    : QDialog(parent), m_cameras(new QComboBox(this)), m_preview(new QVideoWidget(this)),
      m_status(new QLabel(this)), m_session(new QMediaCaptureSession(this)),
      m_devices(new QMediaDevices(this)), m_decoder(new AsyncQrDecoder(this)) {
    setObjectName(QStringLiteral("cameraScanner"));
    setWindowTitle(tr("Scan with camera"));
    m_cameras->setObjectName(QStringLiteral("cameraChoice"));
    m_cameras->setAccessibleName(tr("Camera"));
    m_preview->setObjectName(QStringLiteral("cameraPreview"));
    m_preview->setMinimumSize(480, 360);
    m_preview->setAccessibleName(tr("Camera preview"));
    m_status->setObjectName(QStringLiteral("cameraStatus"));
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_cameras);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    m_session->setVideoOutput(m_preview);
    connect(m_preview->videoSink(), &QVideoSink::videoFrameChanged, this, &CameraScanner::onFrame);
    connect(m_decoder, &AsyncQrDecoder::decoded, this, &CameraScanner::onDecoded);
    connect(m_cameras, &QComboBox::activated, this, &CameraScanner::startCamera);
    connect(m_devices, &QMediaDevices::videoInputsChanged, this, &CameraScanner::listCameras);
    listCameras();
}

CameraScanner::~CameraScanner() {
    stopCamera();
}

bool CameraScanner::cameraAvailable() {
    return !QMediaDevices::videoInputs().isEmpty();
}

void CameraScanner::listCameras() {
    const QString current = m_cameras->currentData().toString();
    m_cameras->clear();
    const auto inputs = QMediaDevices::videoInputs();
    int chosen = -1;
    for (const QCameraDevice& device : inputs) {
        m_cameras->addItem(device.description(), QString::fromUtf8(device.id()));
        if (QString::fromUtf8(device.id()) == current)
            chosen = m_cameras->count() - 1;
        else if (chosen < 0 && device.isDefault())
            chosen = m_cameras->count() - 1;
    }
    m_cameras->setVisible(inputs.size() > 1);
    if (inputs.isEmpty()) {
        stopCamera();
        setStatus(tr("No camera found. Connect a camera, or scan the code from an image or "
                     "the screen instead."));
        return;
    }
    chosen = std::max(chosen, 0);
    m_cameras->setCurrentIndex(chosen);
    // Keep the running camera if it is still there.
    if (!m_camera || m_camera->cameraDevice().id() != inputs.at(chosen).id())
        startCamera(chosen);
}

void CameraScanner::startCamera(int index) {
    const auto inputs = QMediaDevices::videoInputs();
    if (index < 0 || index >= inputs.size())
        return;
    stopCamera();
    m_camera = new QCamera(inputs.at(index), this);
    connect(m_camera, &QCamera::errorOccurred, this,
            [this](QCamera::Error error, const QString& text) {
                if (error == QCamera::NoError)
                    return;
                setStatus(tr("The camera could not be used: %1. If another app is using it, "
                             "close that app; check that Ferry is allowed to use the camera.")
                              .arg(text.isEmpty() ? tr("unknown error") : text));
            });
    connect(m_camera, &QCamera::activeChanged, this, [this](bool active) {
        if (active)
            setStatus(tr("Hold the QR code in front of the camera."));
    });
    m_session->setCamera(m_camera);
    setStatus(tr("Starting the camera…"));
    m_camera->start();
}

void CameraScanner::stopCamera() {
    if (!m_camera)
        return;
    m_camera->stop();
    m_session->setCamera(nullptr);
    m_camera->deleteLater();
    m_camera = nullptr;
}

void CameraScanner::onFrame(const QVideoFrame& frame) {
    // At most one decode in flight, a few a second: frames in between are only shown.
    if (m_decoder->busy() || !frame.isValid())
        return;
    if (m_sinceDecode.isValid() && m_sinceDecode.elapsed() < kDecodeIntervalMs)
        return;
    m_sinceDecode.start();
    QImage image = frame.toImage();
    if (image.isNull())
        return;
    if (std::max(image.width(), image.height()) > kMaxDecodeSide)
        image = image.scaled(kMaxDecodeSide, kMaxDecodeSide, Qt::KeepAspectRatio,
                             Qt::FastTransformation);
    m_decoder->decodeImage(image);
}

void CameraScanner::onDecoded(const QString& text) {
    const QString problem = EngineAdapter::linkProblem(text);
    if (!problem.isEmpty()) {
        // Some other code (a menu, a parcel): keep looking, and say why nothing happens.
        if (text != m_lastRejected) {
            m_lastRejected = text;
            setStatus(tr("This QR code is not a Ferry link. Show the code from Ferry's "
                         "\"Invite someone\" or \"My address\"."));
        }
        return;
    }
    stopCamera();
    emit decoded(text.trimmed());
    accept();
}

void CameraScanner::setStatus(const QString& text) {
    m_status->setText(text);
    m_status->setAccessibleDescription(text);
}

void CameraScanner::done(int result) {
    stopCamera();
    QDialog::done(result);
}

} // namespace ferry::ui
