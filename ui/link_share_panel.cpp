#include "ui/link_share_panel.h"

#include "ui/dialog_parts.h"
#include "ui/qr_code_widget.h"

#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

constexpr int kCopiedFeedbackMs = 2000;

} // namespace

LinkSharePanel::LinkSharePanel(const QString& suggestedFileName, QWidget* parent)
    : QWidget(parent), m_qr(new QrCodeWidget(this)), m_link(new QLineEdit(this)),
      m_copy(new QPushButton(tr("&Copy link"), this)),
      m_save(new QPushButton(tr("&Save image…"), this)), m_suggestedFileName(suggestedFileName) {
    m_qr->setObjectName(QStringLiteral("qrCode"));
    m_link->setObjectName(QStringLiteral("linkField"));
    m_link->setReadOnly(true);
    m_link->setAccessibleName(tr("Link"));
    m_copy->setObjectName(QStringLiteral("copyLinkButton"));
    m_save->setObjectName(QStringLiteral("saveImageButton"));
    m_save->setToolTip(tr("Save the QR code as a PNG image, to print or send"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_save);
    buttons->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_qr, 1);
    layout->addWidget(m_link);
    layout->addLayout(buttons);

    connect(m_copy, &QPushButton::clicked, this, &LinkSharePanel::copyLink);
    connect(m_save, &QPushButton::clicked, this, &LinkSharePanel::chooseImageFile);
}

void LinkSharePanel::setLink(const QString& link) {
    m_qr->setText(link);
    m_link->setText(link);
    m_link->setCursorPosition(0);
    m_save->setEnabled(m_qr->hasCode());
}

QString LinkSharePanel::link() const {
    return m_link->text();
}

QImage LinkSharePanel::printableImage() const {
    QImage image = m_qr->toImage(kImageMinimumSide);
    if (!image.isNull()) {
        const int dotsPerMeter = image.width() * 1000 / kPrintWidthMm;
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
    }
    return image;
}

void LinkSharePanel::copyLink() {
    if (link().isEmpty())
        return;
    QGuiApplication::clipboard()->setText(link());
    m_copy->setText(tr("Copied ✓"));
    QTimer::singleShot(kCopiedFeedbackMs, this, [this] { m_copy->setText(tr("&Copy link")); });
}

void LinkSharePanel::chooseImageFile() {
    if (m_fileDialog) {
        m_fileDialog->raise();
        return;
    }
    const QString folder = picturesFolder();
    auto* dialog =
        new QFileDialog(this, tr("Save QR code"), QDir(folder).filePath(m_suggestedFileName),
                        tr("PNG images (*.png)"));
    dialog->setObjectName(QStringLiteral("saveImageDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("png"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &LinkSharePanel::saveImage);
    m_fileDialog = dialog;
    dialog->open();
}

bool LinkSharePanel::saveImage(const QString& path) {
    const QImage image = printableImage();
    if (!image.isNull() && image.save(path, "PNG"))
        return true;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Could not save the image"),
                                tr("The QR code could not be saved to %1. Choose another folder.")
                                    .arg(QDir::toNativeSeparators(path)),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("saveImageProblem"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
}

} // namespace ferry::ui
