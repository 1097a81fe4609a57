#include "khaothi/engine/outline.h"

#include <utility>

namespace khaothi::engine {

Outline::Outline(std::vector<Module> modules, std::vector<Topic> topics)
    : modules_(std::move(modules)), topics_(std::move(topics)) {}

const Module* Outline::FindModule(std::string_view code) const {
  for (const Module& m : modules_) {
    if (m.code == code) {
      return &m;
    }
  }
  return nullptr;
}

const Topic* Outline::FindTopic(std::string_view code) const {
  for (const Topic& t : topics_) {
    if (t.code == code) {
      return &t;
    }
  }
  return nullptr;
}

bool Outline::IsLeaf(std::string_view code) const {
  if (FindTopic(code) == nullptr) {
    return false;
  }
  std::string prefix(code);
  prefix += '.';
  for (const Topic& t : topics_) {
    if (t.code.starts_with(prefix)) {
      return false;
    }
  }
  return true;
}

std::vector<const Topic*> Outline::LeavesOf(std::string_view module_code) const {
  std::string prefix(module_code);
  prefix += '.';
  std::vector<const Topic*> leaves;
  for (const Topic& t : topics_) {
    if (t.code.starts_with(prefix) && IsLeaf(t.code)) {
      leaves.push_back(&t);
    }
  }
  return leaves;
}

// The basic modules' topics follow the headings of TT03's Phụ lục 01 (docs/regulations.md §1.2);
// the leaves are the centre's own split of each heading into examinable topics.
const Outline& Outline::Default() {
  static const Outline* const kDefault = new Outline(
      {
          {"IU01", "Hiểu biết về CNTT cơ bản", true},
          {"IU02", "Sử dụng máy tính cơ bản", true},
          {"IU03", "Xử lý văn bản cơ bản", true},
          {"IU04", "Sử dụng bảng tính cơ bản", true},
          {"IU05", "Sử dụng trình chiếu cơ bản", true},
          {"IU06", "Sử dụng Internet cơ bản", true},
          {"IU07", "Xử lý văn bản nâng cao", false},
          {"IU08", "Sử dụng bảng tính nâng cao", false},
          {"IU09", "Sử dụng trình chiếu nâng cao", false},
          {"IU10", "Sử dụng hệ quản trị cơ sở dữ liệu", false},
          {"IU11", "Thiết kế đồ họa hai chiều", false},
          {"IU12", "Biên tập ảnh", false},
          {"IU13", "Biên tập trang thông tin điện tử", false},
          {"IU14", "An toàn, bảo mật thông tin", false},
          {"IU15", "Sử dụng phần mềm kế hoạch dự án", false},
      },
      {
          {"IU01.1", "Kiến thức cơ bản về máy tính và mạng máy tính"},
          {"IU01.1.1",
           "Phần cứng: thiết bị, bộ xử lý, bộ nhớ, lưu trữ, thiết bị vào/ra, đơn vị đo"},
          {"IU01.1.2", "Phần mềm: hệ điều hành, phần mềm ứng dụng, phần mềm nguồn mở"},
          {"IU01.1.3", "Mạng máy tính và truyền thông: LAN, WAN, Internet, băng thông"},
          {"IU01.2", "Các ứng dụng của CNTT-TT"},
          {"IU01.2.1", "Ứng dụng trong cơ quan nhà nước, doanh nghiệp và đời sống"},
          {"IU01.2.2", "Ứng dụng phục vụ truyền thông: thư điện tử, nhắn tin, mạng xã hội"},
          {"IU01.3", "An toàn lao động và bảo vệ môi trường trong sử dụng CNTT-TT"},
          {"IU01.3.1", "An toàn lao động và sức khỏe khi dùng máy tính"},
          {"IU01.3.2", "Bảo vệ môi trường: tiết kiệm năng lượng, tái chế thiết bị"},
          {"IU01.4", "Các vấn đề an toàn thông tin cơ bản khi làm việc với máy tính"},
          {"IU01.4.1", "Kiểm soát truy cập và bảo vệ dữ liệu: mật khẩu, sao lưu"},
          {"IU01.4.2", "Phần mềm độc hại và cách phòng tránh"},
          {"IU01.5", "Một số vấn đề cơ bản liên quan đến pháp luật trong sử dụng CNTT"},
          {"IU01.5.1", "Bản quyền và giấy phép phần mềm"},
          {"IU01.5.2", "Bảo vệ dữ liệu cá nhân"},

          {"IU02.1", "Các kiến thức cơ bản để bắt đầu làm việc với máy tính"},
          {"IU02.1.1", "Bật, tắt, khởi động lại, đăng nhập và khóa máy tính"},
          {"IU02.1.2", "Sử dụng chuột, bàn phím và phím tắt"},
          {"IU02.2", "Làm việc với hệ điều hành"},
          {"IU02.2.1", "Màn hình nền, biểu tượng, thanh tác vụ, menu Start"},
          {"IU02.2.2", "Cửa sổ, hộp thoại và chuyển đổi giữa các ứng dụng"},
          {"IU02.2.3", "Thiết lập hệ thống: Settings, ngày giờ, tài khoản, ngôn ngữ"},
          {"IU02.3", "Quản lý thư mục và tệp"},
          {"IU02.3.1", "Tệp, thư mục, đường dẫn và phần mở rộng"},
          {"IU02.3.2", "Tạo, sao chép, di chuyển, đổi tên, xóa và Thùng rác"},
          {"IU02.3.3", "Tìm kiếm, sắp xếp, nén và giải nén"},
          {"IU02.4", "Một số phần mềm tiện ích"},
          {"IU02.4.1", "Phần mềm diệt virus, Windows Security và cập nhật"},
          {"IU02.4.2", "Sao lưu và phục hồi dữ liệu"},
          {"IU02.5", "Sử dụng tiếng Việt"},
          {"IU02.5.1", "Bảng mã Unicode, phông chữ, bộ gõ Telex và VNI"},
          {"IU02.6", "Sử dụng máy in"},
          {"IU02.6.1", "Cài đặt, chọn máy in, in tài liệu và hàng đợi in"},

          {"IU03.1", "Kiến thức cơ bản về văn bản, soạn thảo và xử lý văn bản"},
          {"IU03.1.1", "Văn bản, phần mềm xử lý văn bản và định dạng tệp"},
          {"IU03.2", "Sử dụng phần mềm xử lý văn bản"},
          {"IU03.2.1", "Mở, lưu, đóng tài liệu; giao diện, chế độ xem, hoàn tác"},
          {"IU03.3", "Thao tác đối với văn bản"},
          {"IU03.3.1", "Nhập, chọn, sao chép, di chuyển, tìm kiếm và thay thế"},
          {"IU03.4", "Định dạng văn bản"},
          {"IU03.4.1", "Định dạng ký tự"},
          {"IU03.4.2", "Định dạng đoạn văn, danh sách, tab và kiểu (style)"},
          {"IU03.4.3", "Định dạng trang: lề, hướng, ngắt trang, đầu trang, chân trang, số trang"},
          {"IU03.5", "Nhúng các đối tượng khác nhau vào văn bản"},
          {"IU03.5.1", "Bảng"},
          {"IU03.5.2", "Hình ảnh, hình vẽ và chữ nghệ thuật"},
          {"IU03.6", "Hoàn tất văn bản"},
          {"IU03.6.1", "Kiểm tra chính tả, mục lục, trộn thư, theo dõi thay đổi"},
          {"IU03.7", "In và phân phối văn bản"},
          {"IU03.7.1", "Xem trước khi in, in, xuất PDF và chia sẻ"},

          {"IU04.1", "Kiến thức cơ bản về bảng tính"},
          {"IU04.1.1", "Bảng tính, sổ tính, trang tính, ô và địa chỉ ô"},
          {"IU04.2", "Sử dụng phần mềm bảng tính"},
          {"IU04.2.1", "Giao diện, mở, lưu tệp và định dạng tệp"},
          {"IU04.3", "Thao tác đối với ô"},
          {"IU04.3.1", "Nhập, sửa dữ liệu, kiểu dữ liệu và điền tự động"},
          {"IU04.4", "Thao tác trên trang tính"},
          {"IU04.4.1", "Hàng, cột và trang tính: chèn, xóa, ẩn, cố định"},
          {"IU04.5", "Biểu thức và hàm"},
          {"IU04.5.1", "Công thức, toán tử, địa chỉ tương đối và tuyệt đối, thông báo lỗi"},
          {"IU04.5.2", "Hàm thông dụng: SUM, AVERAGE, MIN, MAX, COUNT, IF, ROUND, VLOOKUP"},
          {"IU04.6", "Định dạng và tổ chức dữ liệu"},
          {"IU04.6.1", "Định dạng số, ngày, căn chỉnh, viền, định dạng có điều kiện"},
          {"IU04.6.2", "Sắp xếp và lọc dữ liệu"},
          {"IU04.7", "Biểu đồ"},
          {"IU04.7.1", "Tạo, chọn loại và chỉnh sửa biểu đồ"},
          {"IU04.8", "Kết xuất và phân phối trang tính"},
          {"IU04.8.1", "Thiết lập trang và in"},

          {"IU05.1", "Kiến thức cơ bản về bài thuyết trình"},
          {"IU05.1.1", "Bài thuyết trình và nguyên tắc thiết kế"},
          {"IU05.2", "Sử dụng phần mềm trình chiếu"},
          {"IU05.2.1", "Giao diện, chế độ xem, mở, lưu và định dạng tệp"},
          {"IU05.3", "Xây dựng nội dung bài thuyết trình"},
          {"IU05.3.1", "Trang chiếu, bố cục, văn bản, slide master và chủ đề"},
          {"IU05.4", "Đưa biểu đồ, bảng, sơ đồ vào trang chiếu"},
          {"IU05.4.1", "Bảng, biểu đồ và sơ đồ (SmartArt)"},
          {"IU05.5", "Đưa các đối tượng đồ họa và đa phương tiện vào trang chiếu"},
          {"IU05.5.1", "Hình ảnh, hình vẽ, âm thanh và video"},
          {"IU05.6", "Hoàn thiện và trình diễn bài thuyết trình"},
          {"IU05.6.1", "Hiệu ứng chuyển trang và hiệu ứng động"},
          {"IU05.6.2", "Trình chiếu, ghi chú và chế độ người trình bày"},
          {"IU05.7", "In và phân phối bài thuyết trình"},
          {"IU05.7.1", "In trang chiếu, bản phát tay và xuất PDF"},

          {"IU06.1", "Kiến thức cơ bản về Internet"},
          {"IU06.1.1", "Internet, WWW, URL, ISP, HTTP và HTTPS, tên miền"},
          {"IU06.2", "Sử dụng trình duyệt web"},
          {"IU06.2.1", "Thẻ, dấu trang, lịch sử, chế độ riêng tư, cookie và bộ nhớ đệm"},
          {"IU06.3", "Sử dụng web"},
          {"IU06.3.1", "Tìm kiếm, đánh giá độ tin cậy và biểu mẫu web"},
          {"IU06.3.2", "Dịch vụ trực tuyến: dịch vụ công, ngân hàng, mua sắm, lưu trữ đám mây"},
          {"IU06.4", "Sử dụng thư điện tử"},
          {"IU06.4.1", "Địa chỉ thư, To, Cc, Bcc, tệp đính kèm, trả lời và chuyển tiếp"},
          {"IU06.4.2", "Quản lý hộp thư: thư mục, bộ lọc, thư rác, chữ ký"},
          {"IU06.5", "Một số dạng truyền thông số thông dụng"},
          {"IU06.5.1", "Nhắn tin, mạng xã hội, họp trực tuyến và học trực tuyến"},
          {"IU06.6", "Vấn đề an toàn khi sử dụng Internet"},
          {"IU06.6.1", "Lừa đảo trực tuyến, mật khẩu mạnh, xác thực hai yếu tố, cập nhật"},
          {"IU06.6.2", "Quyền riêng tư, dữ liệu cá nhân và bản quyền nội dung số"},
      });
  return *kDefault;
}

}  // namespace khaothi::engine
