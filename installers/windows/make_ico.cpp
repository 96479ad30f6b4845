// Build tool: packs PNG images into one Windows icon (.ico), each kept as PNG (Windows Vista
// and later read those), so the .exe and the installer show the app's icon at every size
// from the bitmaps drawn from resources/icons/ferry.svg. No Qt: plain files in and out.
// Usage: make_ico OUTPUT.ico INPUT.png...   (each square, 1 to 256 pixels)

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

struct Image {
    std::string name;
    std::vector<unsigned char> png;
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

std::uint32_t bigEndian32(const unsigned char* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

void put16(std::vector<unsigned char>& out, std::uint32_t v) {
    out.push_back(static_cast<unsigned char>(v & 0xff));
    out.push_back(static_cast<unsigned char>(v >> 8 & 0xff));
}

void put32(std::vector<unsigned char>& out, std::uint32_t v) {
    put16(out, v & 0xffff);
    put16(out, v >> 16);
}

// The size from the PNG's IHDR chunk, which the format puts first.
bool readPng(const std::string& name, Image& image) {
    std::ifstream in(name, std::ios::binary);
    image.name = name;
    image.png.assign(std::istreambuf_iterator<char>(in), {});
    static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    const auto& png = image.png;
    if (png.size() < 24 || !std::equal(kSignature, kSignature + 8, png.begin()) ||
        std::string(png.begin() + 12, png.begin() + 16) != "IHDR")
        return false;
    image.width = bigEndian32(png.data() + 16);
    image.height = bigEndian32(png.data() + 20);
    return image.width == image.height && image.width >= 1 && image.width <= 256;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: make_ico OUTPUT.ico INPUT.png...\n");
        return 2;
    }
    std::vector<Image> images(static_cast<std::size_t>(argc - 2));
    for (std::size_t i = 0; i < images.size(); ++i)
        if (!readPng(argv[i + 2], images[i])) {
            std::fprintf(stderr, "make_ico: %s is not a square PNG of 1 to 256 pixels\n",
                         argv[i + 2]);
            return 1;
        }
    // ICONDIR, then one ICONDIRENTRY per image, then the images.
    std::vector<unsigned char> out;
    put16(out, 0); // reserved
    put16(out, 1); // an icon, not a cursor
    put16(out, static_cast<std::uint32_t>(images.size()));
    std::uint32_t offset = 6 + 16 * static_cast<std::uint32_t>(images.size());
    for (const Image& image : images) {
        out.push_back(static_cast<unsigned char>(image.width % 256)); // 0 means 256
        out.push_back(static_cast<unsigned char>(image.height % 256));
        out.push_back(0); // no palette
        out.push_back(0); // reserved
        put16(out, 1);    // colour planes
        put16(out, 32);   // bits per pixel
        put32(out, static_cast<std::uint32_t>(image.png.size()));
        put32(out, offset);
        offset += static_cast<std::uint32_t>(image.png.size());
    }
    for (const Image& image : images)
        out.insert(out.end(), image.png.begin(), image.png.end());
    std::ofstream file(argv[1], std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    if (!file.flush()) {
        std::fprintf(stderr, "make_ico: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
