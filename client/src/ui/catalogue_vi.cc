// Vietnamese (the default). Plain words for candidates who are not IT people; UTF-8, NFC.
#include "khaothi/client/ui/catalogue.h"

namespace khaothi::client::ui {

std::string_view TextVi(Msg m) {
  switch (m) {
    case Msg::kKeysPractical:
      return "1–{0}: chọn đề · ↑↓: cuộn đề bài · N: nộp bài thực hành";
    case Msg::kKeysPracticalEnded:
      return "Enter: kết thúc";
    case Msg::kKeysResultPractical:
      return "T: làm bài thực hành · Enter: kết thúc";
    case Msg::kNoPractical:
      return "Ca thi này không có phần thực hành làm trên máy tính.";
    case Msg::kPracticalByProctor:
      return "Cán bộ coi thi đã kết thúc bài thực hành. Các tệp sẽ được chấm:";
    case Msg::kPracticalClockEnded:
      return "Đã nộp bài thực hành";
    case Msg::kPracticalConfirm:
      return "Nộp bài thực hành? Các tệp đã lưu ở trên sẽ được chấm; sau khi nộp bạn không sửa "
             "được nữa.\nC: nộp bài · K: chưa nộp";
    case Msg::kPracticalFileRefused:
      return "✗ không nhận: {0}";
    case Msg::kPracticalFileSaved:
      return "✓ đã lưu lúc {0} · mã {1} · lần {2}";
    case Msg::kPracticalFileSending:
      return "… đang gửi bản vừa lưu";
    case Msg::kPracticalFilesTitle:
      return "Tệp bài làm — mỗi lần bạn lưu (Ctrl+S), tệp tự được gửi lên máy chủ:";
    case Msg::kPracticalFolder:
      return "Thư mục bài làm: {0}";
    case Msg::kPracticalFolderError:
      return "Máy này không ghi được thư mục bài làm. Xin giơ tay báo cán bộ coi thi.";
    case Msg::kPracticalLoading:
      return "Đang tải đề bài và các tệp bắt đầu…";
    case Msg::kPracticalNoFiles:
      return "Chưa có tệp nào được lưu. Mở tệp trong thư mục trên, làm bài theo đề và lưu lại.";
    case Msg::kPracticalNotOpen:
      return "Phần thi thực hành chưa mở.";
    case Msg::kPracticalSaveRefused:
      return "Tệp {0} không được nhận: {1}";
    case Msg::kPracticalSending:
      return "Còn {0} tệp đang gửi — xin chờ gửi xong rồi hãy nộp.";
    case Msg::kPracticalSubmitted:
      return "Bạn đã nộp bài thực hành. Các tệp sẽ được chấm:";
    case Msg::kPracticalTask:
      return "Đề {0} · {1} · khoảng {2} phút";
    case Msg::kPracticalTimeUp:
      return "Hết giờ làm bài thực hành. Các tệp sẽ được chấm:";
    case Msg::kPracticalTitle:
      return "PHẦN THI THỰC HÀNH";
    case Msg::kRefusedOther:
      return "máy chủ không nhận ({0})";
    case Msg::kRefusedQuota:
      return "đã vượt dung lượng cho phép";
    case Msg::kRefusedTooLarge:
      return "tệp quá lớn (tối đa 10 MB)";
    case Msg::kRefusedTooLate:
      return "đã hết giờ làm bài";
    case Msg::kRefusedTooMany:
      return "quá nhiều tệp trong một đề (tối đa 8)";
    case Msg::kRefusedType:
      return "loại tệp không được phép";
    case Msg::kResultPractical:
      return "Tiếp theo là phần thi thực hành. Nhấn T để bắt đầu; đồng hồ phần thực hành chỉ chạy "
             "từ lúc bạn bắt đầu.";
    case Msg::kPracticalContinue:
      return "Nhấn Enter để kết thúc.";
    case Msg::kTitle:
      return "KHẢO THÍ · Thi ứng dụng công nghệ thông tin";
    case Msg::kConnected:
      return "● Đã kết nối";
    case Msg::kNotConnected:
      return "○ Chưa kết nối";
    case Msg::kReconnecting:
      return "○ MẤT KẾT NỐI · đang kết nối lại";
    case Msg::kWho:
      return "SBD {0} · {1}";
    case Msg::kClock:
      return "Thời gian còn lại: {0}";
    case Msg::kClockPaused:
      return "TẠM DỪNG · còn {0}";
    case Msg::kClockSubmitted:
      return "Đã nộp bài";
    case Msg::kConnecting:
      return "Đang kết nối tới máy chủ thi {0}…";
    case Msg::kConnectRetry:
      return "Chưa kết nối được tới máy chủ thi. Máy sẽ tự thử lại, bạn không cần làm gì.";
    case Msg::kConnectHelp:
      return "Nếu màn hình này kéo dài quá một phút, xin giơ tay báo cán bộ coi thi.";
    case Msg::kBadCa:
      return "Máy này chưa được cài đặt đúng (thiếu hoặc sai chứng chỉ của trung tâm).";
    case Msg::kTakenOver:
      return "Bài thi của bạn vừa được mở trên một máy khác, nên máy này đã ngắt kết nối. Bài "
             "làm không bị mất.";
    case Msg::kCallProctor:
      return "Xin giơ tay báo cán bộ coi thi.";
    case Msg::kKeysQuit:
      return "Q: đóng chương trình (dành cho cán bộ coi thi)";
    case Msg::kLoginTitle:
      return "ĐĂNG NHẬP";
    case Msg::kLoginHelp:
      return "Nhập số báo danh và mật khẩu in trên phiếu đăng nhập của bạn.";
    case Msg::kSbd:
      return "Số báo danh:";
    case Msg::kPassword:
      return "Mật khẩu:";
    case Msg::kMachine:
      return "Máy: {0}";
    case Msg::kLoggingIn:
      return "Đang đăng nhập…";
    case Msg::kBadCredentials:
      return "Sai số báo danh hoặc mật khẩu. Xin kiểm tra lại phiếu đăng nhập và nhập lại.";
    case Msg::kLocked:
      return "Nhập sai quá nhiều lần nên tài khoản tạm bị khóa. Xin giơ tay báo cán bộ coi thi.";
    case Msg::kMoveNotAllowed:
      return "Bạn đang làm bài trên một máy khác. Muốn chuyển sang máy này, xin báo cán bộ coi "
             "thi cho phép.";
    case Msg::kRateLimited:
      return "Máy này đăng nhập quá nhiều lần. Xin chờ một chút rồi thử lại.";
    case Msg::kRoomPausedStart:
      return "Phòng thi đang tạm dừng nên chưa bắt đầu được. Khi cán bộ coi thi cho tiếp tục, "
             "bấm Enter để bắt đầu.";
    case Msg::kSessionClosed:
      return "Ca thi đã đóng: không đăng nhập hay làm bài tiếp được nữa. Xin báo cán bộ coi thi.";
    case Msg::kLoginOther:
      return "Chưa đăng nhập được. Xin giơ tay báo cán bộ coi thi.";
    case Msg::kKeysLogin:
      return "Tab/↑↓: chuyển ô   Enter: tiếp tục   Backspace: xóa ký tự";
    case Msg::kConfirmTitle:
      return "KIỂM TRA THÔNG TIN CÁ NHÂN";
    case Msg::kFullName:
      return "Họ và tên:";
    case Msg::kDateOfBirth:
      return "Ngày sinh:";
    case Msg::kSex:
      return "Giới tính:";
    case Msg::kPlaceOfBirth:
      return "Nơi sinh:";
    case Msg::kIdNumber:
      return "Số CCCD:";
    case Msg::kRoom:
      return "Phòng thi:";
    case Msg::kSession:
      return "Ca thi:";
    case Msg::kConfirmQuestion:
      return "Thông tin trên có đúng không? Nếu đúng, nhấn Enter. Nếu có sai sót, nhấn R để báo "
             "cán bộ coi thi.";
    case Msg::kReported:
      return "Đã báo cán bộ coi thi. Xin giơ tay và chờ; sau khi cán bộ coi thi ghi nhận, nhấn "
             "Enter để tiếp tục.";
    case Msg::kKeysConfirm:
      return "Enter: thông tin đúng, tiếp tục   R: báo thông tin sai";
    case Msg::kWaitUnlockTitle:
      return "Đang chờ cán bộ coi thi mở bài thi…";
    case Msg::kWaitUnlockHelp:
      return "Cán bộ coi thi sẽ kiểm tra giấy tờ rồi mở bài thi cho bạn. Màn hình sẽ tự chuyển, "
             "bạn không cần nhấn phím nào.";
    case Msg::kKeysWait:
      return "Xin chờ…";
    case Msg::kRulesTitle:
      return "QUY ĐỊNH LÀM BÀI";
    case Msg::kRule1:
      return "Bài thi có {0} câu hỏi trắc nghiệm, làm trong {1} phút. Đồng hồ do máy chủ tính, "
             "không theo giờ của máy tính này.";
    case Msg::kRule2:
      return "Chọn đáp án bằng phím A, B, C, D (hoặc 1, 2, 3, 4), hoặc bấm chuột vào đáp án. "
             "Backspace xóa đáp án đã chọn.";
    case Msg::kRule3:
      return "Mỗi lựa chọn được lưu ngay lên máy chủ. Nếu mất mạng, bài làm vẫn được giữ và tự "
             "gửi lại khi có mạng.";
    case Msg::kRule4:
      return "N: câu sau, P: câu trước, G: đến câu số…, F: đánh dấu câu để xem lại.";
    case Msg::kRule5:
      return "S: xem lại toàn bài và nộp bài. Hết giờ, máy chủ tự nộp bài của bạn.";
    case Msg::kRule6:
      return "Không trao đổi, không dùng tài liệu hay điện thoại. Cần giúp đỡ, hãy giơ tay.";
    case Msg::kRulesStart:
      return " Nhấn Enter để bắt đầu làm bài ";
    case Msg::kKeysRules:
      return "Enter: bắt đầu làm bài";
    case Msg::kLoadingForm:
      return "Đang tải đề thi…";
    case Msg::kOfflineKept:
      return "Đang mất kết nối; máy sẽ tự kết nối lại. Bài làm của bạn không bị mất.";
    case Msg::kNavigator:
      return "Danh sách câu hỏi";
    case Msg::kLegendAnswered:
      return "✓ đã trả lời";
    case Msg::kLegendUnanswered:
      return "· chưa trả lời";
    case Msg::kLegendFlagged:
      return "? đã đánh dấu";
    case Msg::kLegendPending:
      return "~ đang lưu";
    case Msg::kQuestionOf:
      return "Câu {0}/{1}";
    case Msg::kQuestionShort:
      return "Câu";
    case Msg::kFlaggedTag:
      return "? Đã đánh dấu";
    case Msg::kSaving:
      return "~ đang lưu…";
    case Msg::kNotSavedYet:
      return "~ chưa lưu (mất kết nối, sẽ tự gửi lại)";
    case Msg::kSaved:
      return "✓ đã lưu";
    case Msg::kChooseOne:
      return "(Chọn một đáp án)";
    case Msg::kChooseMany:
      return "(Chọn tất cả các đáp án đúng)";
    case Msg::kMoreAbove:
      return "▲ còn ở trên";
    case Msg::kMoreBelow:
      return "▼ còn ở dưới";
    case Msg::kGotoPrompt:
      return " Đến câu số (1–{1}): {0}  Enter: đi  Esc: thôi ";
    case Msg::kStatus:
      return "Đã trả lời {0}/{1} · Đánh dấu {2}";
    case Msg::kPendingCount:
      return "{0} thay đổi đang lưu";
    case Msg::kPendingOffline:
      return "MẤT KẾT NỐI: {0} thay đổi được giữ, sẽ tự gửi";
    case Msg::kKeysExam:
      return "A-D/1-4: chọn  ↑↓  N/P: câu sau/trước  F: đánh dấu  G: đến câu  S: nộp bài";
    case Msg::kFiveMinutesLeft:
      return "Còn 5 phút làm bài.";
    case Msg::kOneMinuteLeft:
      return "Còn 1 phút làm bài.";
    case Msg::kTimeUpWaiting:
      return "Hết giờ. Máy chủ đang nộp bài của bạn…";
    case Msg::kExtended:
      return "Cán bộ coi thi đã cộng thêm thời gian ({0}).";
    case Msg::kPaused:
      return "Bài thi đang tạm dừng ({0}). Thời gian không bị tính; xin chờ.";
    case Msg::kPausedShort:
      return "Bài thi đang tạm dừng; xin chờ cán bộ coi thi.";
    case Msg::kResumed:
      return "Bài thi tiếp tục. Chúc bạn làm bài tốt.";
    case Msg::kNotice:
      return "Cán bộ coi thi: {0}";
    case Msg::kServerRestarting:
      return "Máy chủ đang khởi động lại; bài làm được giữ nguyên, máy sẽ tự kết nối lại.";
    case Msg::kTooLate:
      return "Lựa chọn này đến sau khi hết giờ nên không được tính.";
    case Msg::kReviewTitle:
      return "XEM LẠI BÀI TRƯỚC KHI NỘP";
    case Msg::kAllAnswered:
      return "Bạn đã trả lời tất cả các câu.";
    case Msg::kUnansweredList:
      return "Còn {0} câu chưa trả lời: {1}";
    case Msg::kFlaggedList:
      return "{0} câu đã đánh dấu: {1}";
    case Msg::kNoAnswer:
      return "chưa trả lời";
    case Msg::kSubmitButton:
      return " S: Nộp bài ";
    case Msg::kKeysReview:
      return "↑↓: chọn câu   Enter: mở câu   Esc: quay lại làm bài   S: nộp bài";
    case Msg::kSubmitQuestion:
      return "Bạn có chắc chắn muốn nộp bài?";
    case Msg::kSubmitUnanswered:
      return "Bạn còn {0} câu chưa trả lời.";
    case Msg::kSubmitAllAnswered:
      return "Bạn đã trả lời tất cả các câu.";
    case Msg::kSubmitFinal:
      return "Sau khi nộp, bạn không thể sửa bài nữa.";
    case Msg::kSubmitPending:
      return "{0} thay đổi đang được lưu; bài sẽ nộp sau khi lưu xong.";
    case Msg::kSubmitYes:
      return " C: Có, nộp bài ";
    case Msg::kSubmitNo:
      return " K: Không, quay lại ";
    case Msg::kYesKey:
      return "c";
    case Msg::kNoKey:
      return "k";
    case Msg::kSubmitting:
      return "Đang nộp bài…";
    case Msg::kLoadingResult:
      return "Đang tải kết quả…";
    case Msg::kResultTitle:
      return " BÀI THI ĐÃ ĐƯỢC NỘP ";
    case Msg::kResultTimeUp:
      return " HẾT GIỜ LÀM BÀI · MÁY CHỦ ĐÃ TỰ ĐỘNG NỘP BÀI CỦA BẠN ";
    case Msg::kResultByProctor:
      return " CÁN BỘ COI THI ĐÃ KẾT THÚC BÀI THI CỦA BẠN ";
    case Msg::kResultAnswered:
      return "Số câu đã trả lời: {0}/{1}";
    case Msg::kResultScore:
      return "Điểm: {0}/{1}";
    case Msg::kResultPassed:
      return "Kết quả: ĐẠT";
    case Msg::kResultFailed:
      return "Kết quả: CHƯA ĐẠT";
    case Msg::kResultLater:
      return "Điểm sẽ được trung tâm công bố sau.";
    case Msg::kResultReceipt:
      return "Bài làm và biên nhận có chữ ký số đã được lưu trên máy chủ của trung tâm.";
    case Msg::kResultContinue:
      return "Nhấn Enter để tiếp tục.";
    case Msg::kKeysResult:
      return "Enter: tiếp tục";
    case Msg::kFinalSaved:
      return " BÀI THI CỦA BẠN ĐÃ ĐƯỢC LƯU ";
    case Msg::kFinalLeave:
      return "Bạn có thể rời phòng thi.";
    case Msg::kFinalThanks:
      return "Xin cảm ơn và chúc bạn một ngày tốt lành!";
    case Msg::kKeysFinal:
      return "Q: đóng chương trình (dành cho cán bộ coi thi)";
    case Msg::kTooSmall:
      return "Cửa sổ quá nhỏ: cần ít nhất {0}×{1}, đang là {2}×{3}. Xin phóng to cửa sổ.";
    case Msg::kConfigFile:
      return "Tệp cấu hình: {0}";
    case Msg::kDisconnectedFinal:
      return "○ Đã ngắt kết nối";
    case Msg::kDowntimeCredited:
      return "Đã kết nối lại. Đồng hồ được cộng trả {0} vì thời gian máy chủ bị gián đoạn "
             "không tính vào bài thi.";
    case Msg::kDuration:
      return "{0} phút {1} giây";
    case Msg::kMovedHeader:
      return "○ Bài thi đã chuyển sang máy khác";
    case Msg::kOfflineGoOn:
      return "Mất kết nối: bài làm được giữ và sẽ tự gửi lại; cứ tiếp tục làm bài.";
    case Msg::kOverallLater:
      return "Kết quả chung do trung tâm công bố.";
    case Msg::kPartFailed:
      return "Phần {0}: chưa đạt (chưa đủ điểm yêu cầu của phần này)";
    case Msg::kPartPassed:
      return "Phần {0}: đạt (đủ điểm yêu cầu của phần này)";
    case Msg::kPartPractical:
      return "thực hành";
    case Msg::kPartScore:
      return "Điểm phần {0}: {1}/{2}";
    case Msg::kPartTheory:
      return "lý thuyết";
    case Msg::kPartsPending:
      return "Phần {0} chưa chấm; kết quả chung sẽ được trung tâm công bố sau khi chấm xong.";
    case Msg::kReconnected:
      return "Đã kết nối lại với máy chủ.";
    case Msg::kSetupCertificate:
      return "Máy này không xác minh được máy chủ thi {0}: chứng chỉ của trung tâm hoặc "
             "địa chỉ máy chủ trong tệp cấu hình không đúng.";
    case Msg::kSetupFault:
      return "Đây là lỗi cài đặt máy, chờ cũng không tự hết. Xin giơ tay báo cán bộ coi thi để "
             "gọi kỹ thuật viên.";
    case Msg::kSetupHost:
      return "Không tìm thấy máy chủ thi {0}: địa chỉ máy chủ trong tệp cấu hình không đúng.";
    case Msg::kTechnicalDetail:
      return "Chi tiết kỹ thuật: {0}";
    case Msg::kThisTestFailed:
      return "Bài thi này: chưa đạt (chưa đủ điểm yêu cầu)";
    case Msg::kThisTestPassed:
      return "Bài thi này: đạt (đủ điểm yêu cầu)";
    case Msg::kTooSmallIgnored:
      return "Đã bỏ qua {0} phím: phím bấm không có tác dụng khi cửa sổ quá nhỏ.";
  }
  return "";
}

}  // namespace khaothi::client::ui
