#include "ui/dialog_parts.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>

namespace ferry::ui {

QLabel* wrappedLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QLabel* errorLabel(QWidget* parent) {
    auto* label = wrappedLabel({}, parent);
    label->setObjectName(QStringLiteral("errorLabel"));
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->hide();
    return label;
}

QDialogButtonBox* okCancelButtons(QDialog& dialog, const QString& okText,
                                  const QString& okObjectName) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(okObjectName);
    ok->setText(okText);
    ok->setDefault(true);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    return buttons;
}

void showPage(QStackedWidget& pages, QWidget* page, QPushButton* defaultButton) {
    pages.setCurrentWidget(page);
    if (defaultButton) {
        defaultButton->setDefault(true);
        defaultButton->setFocus();
    }
}

void reportFailure(QWidget* parent, const QString& message) {
    auto* box = new QMessageBox(QMessageBox::Warning,
                                QCoreApplication::translate("ferry::ui::MainWindow", "Ferry"),
                                message, QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("operationFailedBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QString picturesFolder() {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return folder.isEmpty() ? QDir::homePath() : folder;
}

} // namespace ferry::ui
