// English (--lang en).
#include "khaothi/client/ui/catalogue.h"

namespace khaothi::client::ui {

std::string_view TextEn(Msg m) {
  switch (m) {
    case Msg::kKeysPractical:
      return "1–{0}: choose a task · ↑↓: scroll · N: hand in the practical";
    case Msg::kKeysPracticalEnded:
      return "Enter: finish";
    case Msg::kKeysResultPractical:
      return "T: start the practical · Enter: finish";
    case Msg::kNoPractical:
      return "This session has no practical test on the computer.";
    case Msg::kPracticalByProctor:
      return "The proctor ended your practical. The files to be marked:";
    case Msg::kPracticalClockEnded:
      return "Practical handed in";
    case Msg::kPracticalConfirm:
      return "Hand in the practical? The files saved above will be marked; after handing in you "
             "cannot change them.\nC: hand in · K: not yet";
    case Msg::kPracticalFileRefused:
      return "✗ not accepted: {0}";
    case Msg::kPracticalFileSaved:
      return "✓ saved at {0} · hash {1} · version {2}";
    case Msg::kPracticalFileSending:
      return "… sending what you saved";
    case Msg::kPracticalFilesTitle:
      return "Work files — each time you save (Ctrl+S), the file is sent to the server by itself:";
    case Msg::kPracticalFolder:
      return "Work folder: {0}";
    case Msg::kPracticalFolderError:
      return "This PC cannot write its work folder. Please raise your hand and tell the proctor.";
    case Msg::kPracticalLoading:
      return "Loading the tasks and their starter files…";
    case Msg::kPracticalNoFiles:
      return "Nothing saved yet. Open the file in the folder above, do the task and save it.";
    case Msg::kPracticalNotOpen:
      return "The practical test is not open yet.";
    case Msg::kPracticalSaveRefused:
      return "File {0} not accepted: {1}";
    case Msg::kPracticalSending:
      return "{0} file(s) still sending — please wait before handing in.";
    case Msg::kPracticalSubmitted:
      return "You handed in the practical. The files to be marked:";
    case Msg::kPracticalTask:
      return "Task {0} · {1} · about {2} minutes";
    case Msg::kPracticalTimeUp:
      return "Time is up for the practical. The files to be marked:";
    case Msg::kPracticalTitle:
      return "THE PRACTICAL TEST";
    case Msg::kRefusedOther:
      return "refused by the server ({0})";
    case Msg::kRefusedQuota:
      return "over the space allowed";
    case Msg::kRefusedTooLarge:
      return "the file is too large (10 MB at most)";
    case Msg::kRefusedTooLate:
      return "the time is up";
    case Msg::kRefusedTooMany:
      return "too many files in one task (8 at most)";
    case Msg::kRefusedType:
      return "this type of file is not allowed";
    case Msg::kResultPractical:
      return "The practical test comes next. Press T to begin; its clock starts only when you "
             "begin.";
    case Msg::kPracticalContinue:
      return "Press Enter to finish.";
    case Msg::kTitle:
      return "KHAOTHI · IT application exam";
    case Msg::kConnected:
      return "● Connected";
    case Msg::kNotConnected:
      return "○ Not connected";
    case Msg::kReconnecting:
      return "○ CONNECTION LOST · reconnecting";
    case Msg::kWho:
      return "No. {0} · {1}";
    case Msg::kClock:
      return "Time left: {0}";
    case Msg::kClockPaused:
      return "PAUSED · {0} left";
    case Msg::kClockSubmitted:
      return "Submitted";
    case Msg::kConnecting:
      return "Connecting to the exam server {0}…";
    case Msg::kConnectRetry:
      return "Not connected yet ({0}). The computer keeps trying; you need not do anything.";
    case Msg::kConnectHelp:
      return "If this screen stays for more than a minute, raise your hand for the proctor.";
    case Msg::kBadCa:
      return "This computer is not set up correctly (the centre's certificate is missing or "
             "wrong).";
    case Msg::kTakenOver:
      return "Your exam was just opened on another computer, so this one was disconnected. "
             "Nothing you answered is lost.";
    case Msg::kCallProctor:
      return "Please raise your hand for the proctor.";
    case Msg::kKeysQuit:
      return "Q: close the program (for the proctor)";
    case Msg::kLoginTitle:
      return "LOG IN";
    case Msg::kLoginHelp:
      return "Type the candidate number and password printed on your login slip.";
    case Msg::kSbd:
      return "Candidate number:";
    case Msg::kPassword:
      return "Password:";
    case Msg::kMachine:
      return "Computer: {0}";
    case Msg::kLoggingIn:
      return "Logging in…";
    case Msg::kBadCredentials:
      return "Wrong candidate number or password. Check your login slip and type them again.";
    case Msg::kLocked:
      return "Too many wrong passwords, so the account is locked for a while. Please raise your "
             "hand for the proctor.";
    case Msg::kMoveNotAllowed:
      return "You are sitting the exam on another computer. To move to this one, ask the "
             "proctor to allow it.";
    case Msg::kRateLimited:
      return "Too many logins from this computer. Please wait a moment and try again.";
    case Msg::kRoomPausedStart:
      return "The room is paused, so the exam cannot start yet. When the proctor resumes, press "
             "Enter to start.";
    case Msg::kSessionClosed:
      return "The exam session is closed: you can no longer log in or answer. Please tell the "
             "proctor.";
    case Msg::kLoginOther:
      return "Could not log in. Please raise your hand for the proctor.";
    case Msg::kKeysLogin:
      return "Tab/↑↓: next field   Enter: continue   Backspace: delete";
    case Msg::kConfirmTitle:
      return "CHECK YOUR PERSONAL DATA";
    case Msg::kFullName:
      return "Full name:";
    case Msg::kDateOfBirth:
      return "Date of birth:";
    case Msg::kSex:
      return "Sex:";
    case Msg::kPlaceOfBirth:
      return "Place of birth:";
    case Msg::kIdNumber:
      return "ID number:";
    case Msg::kRoom:
      return "Room:";
    case Msg::kSession:
      return "Session:";
    case Msg::kConfirmQuestion:
      return "Is this correct? If so, press Enter. If anything is wrong, press R to tell the "
             "proctor.";
    case Msg::kReported:
      return "The proctor has been told. Raise your hand and wait; once the proctor has noted "
             "it, press Enter to continue.";
    case Msg::kKeysConfirm:
      return "Enter: correct, continue   R: report an error";
    case Msg::kWaitUnlockTitle:
      return "Waiting for the proctor to unlock your exam…";
    case Msg::kWaitUnlockHelp:
      return "The proctor checks your ID and then unlocks your exam. The screen changes by "
             "itself; you need not press anything.";
    case Msg::kKeysWait:
      return "Please wait…";
    case Msg::kRulesTitle:
      return "RULES OF THE EXAM";
    case Msg::kRule1:
      return "The exam has {0} multiple-choice questions and lasts {1} minutes. The server keeps "
             "the time, not this computer's clock.";
    case Msg::kRule2:
      return "Choose an answer with A, B, C, D (or 1, 2, 3, 4), or click it. Backspace clears "
             "your answer.";
    case Msg::kRule3:
      return "Every choice is saved on the server at once. If the network drops, your answers "
             "are kept and sent when it is back.";
    case Msg::kRule4:
      return "N: next question, P: previous, G: go to a number, F: flag a question to review.";
    case Msg::kRule5:
      return "S: review everything and submit. When time is up the server submits for you.";
    case Msg::kRule6:
      return "No talking, notes or phones. If you need help, raise your hand.";
    case Msg::kRulesStart:
      return " Press Enter to begin ";
    case Msg::kKeysRules:
      return "Enter: begin the exam";
    case Msg::kLoadingForm:
      return "Loading the exam…";
    case Msg::kOfflineKept:
      return "The connection is down; the computer reconnects by itself. Nothing is lost.";
    case Msg::kNavigator:
      return "Questions";
    case Msg::kLegendAnswered:
      return "✓ answered";
    case Msg::kLegendUnanswered:
      return "· unanswered";
    case Msg::kLegendFlagged:
      return "? flagged";
    case Msg::kLegendPending:
      return "~ saving";
    case Msg::kQuestionOf:
      return "Question {0}/{1}";
    case Msg::kQuestionShort:
      return "Q";
    case Msg::kFlaggedTag:
      return "? Flagged";
    case Msg::kSaving:
      return "~ saving…";
    case Msg::kNotSavedYet:
      return "~ not saved yet (offline, will be resent)";
    case Msg::kSaved:
      return "✓ saved";
    case Msg::kChooseOne:
      return "(Choose one answer)";
    case Msg::kChooseMany:
      return "(Choose every correct answer)";
    case Msg::kMoreAbove:
      return "▲ more above";
    case Msg::kMoreBelow:
      return "▼ more below";
    case Msg::kGotoPrompt:
      return " Go to question (1–{1}): {0}  Enter: go  Esc: cancel ";
    case Msg::kStatus:
      return "Answered {0}/{1} · Flagged {2}";
    case Msg::kPendingCount:
      return "{0} changes saving";
    case Msg::kPendingOffline:
      return "OFFLINE: {0} changes kept, will be sent";
    case Msg::kKeysExam:
      return "A-D/1-4: choose  ↑↓  N/P: next/previous  F: flag  G: go to  S: submit";
    case Msg::kFiveMinutesLeft:
      return "5 minutes left.";
    case Msg::kOneMinuteLeft:
      return "1 minute left.";
    case Msg::kTimeUpWaiting:
      return "Time is up. The server is submitting your exam…";
    case Msg::kExtended:
      return "The proctor gave you extra time ({0}).";
    case Msg::kPaused:
      return "The exam is paused ({0}). The time does not run; please wait.";
    case Msg::kPausedShort:
      return "The exam is paused; please wait for the proctor.";
    case Msg::kResumed:
      return "The exam continues. Good luck.";
    case Msg::kNotice:
      return "Proctor: {0}";
    case Msg::kServerRestarting:
      return "The server is restarting; your answers are kept and the computer reconnects.";
    case Msg::kTooLate:
      return "That choice arrived after the time was up and does not count.";
    case Msg::kReviewTitle:
      return "REVIEW BEFORE SUBMITTING";
    case Msg::kAllAnswered:
      return "You have answered every question.";
    case Msg::kUnansweredList:
      return "{0} questions unanswered: {1}";
    case Msg::kFlaggedList:
      return "{0} questions flagged: {1}";
    case Msg::kNoAnswer:
      return "unanswered";
    case Msg::kSubmitButton:
      return " S: Submit ";
    case Msg::kKeysReview:
      return "↑↓: choose   Enter: open   Esc: back to the exam   S: submit";
    case Msg::kSubmitQuestion:
      return "Do you really want to submit?";
    case Msg::kSubmitUnanswered:
      return "{0} questions are unanswered.";
    case Msg::kSubmitAllAnswered:
      return "You have answered every question.";
    case Msg::kSubmitFinal:
      return "After submitting you cannot change your answers.";
    case Msg::kSubmitPending:
      return "{0} changes are still saving; the exam is submitted after them.";
    case Msg::kSubmitYes:
      return " Y: Yes, submit ";
    case Msg::kSubmitNo:
      return " N: No, go back ";
    case Msg::kYesKey:
      return "y";
    case Msg::kNoKey:
      return "n";
    case Msg::kSubmitting:
      return "Submitting…";
    case Msg::kLoadingResult:
      return "Loading the result…";
    case Msg::kResultTitle:
      return " YOUR EXAM HAS BEEN SUBMITTED ";
    case Msg::kResultTimeUp:
      return " TIME IS UP · THE SERVER SUBMITTED YOUR EXAM ";
    case Msg::kResultByProctor:
      return " THE PROCTOR ENDED YOUR EXAM ";
    case Msg::kResultAnswered:
      return "Questions answered: {0}/{1}";
    case Msg::kResultScore:
      return "Score: {0}/{1}";
    case Msg::kResultPassed:
      return "Result: PASS";
    case Msg::kResultFailed:
      return "Result: NOT PASSED";
    case Msg::kResultLater:
      return "The centre will publish the scores later.";
    case Msg::kResultReceipt:
      return "Your answers and a digitally signed receipt are stored on the centre's server.";
    case Msg::kResultContinue:
      return "Press Enter to continue.";
    case Msg::kKeysResult:
      return "Enter: continue";
    case Msg::kFinalSaved:
      return " YOUR EXAM IS SAVED ";
    case Msg::kFinalLeave:
      return "You may leave the room.";
    case Msg::kFinalThanks:
      return "Thank you, and have a good day!";
    case Msg::kKeysFinal:
      return "Q: close the program (for the proctor)";
    case Msg::kTooSmall:
      return "The window is too small: it needs at least {0}×{1} and is {2}×{3}. Please enlarge "
             "it.";
    case Msg::kConfigFile:
      return "Configuration file: {0}";
    case Msg::kDisconnectedFinal:
      return "○ Disconnected";
    case Msg::kDowntimeCredited:
      return "Connected again. The clock went back by {0}: the time the server was down does "
             "not count against you.";
    case Msg::kDuration:
      return "{0} min {1} s";
    case Msg::kMovedHeader:
      return "○ The exam moved to another computer";
    case Msg::kOfflineGoOn:
      return "Connection lost: your answers are kept and will be sent; just carry on.";
    case Msg::kOverallLater:
      return "The centre will publish the overall result.";
    case Msg::kPartFailed:
      return "The {0} part: not passed (below its pass mark)";
    case Msg::kPartPassed:
      return "The {0} part: passed (its pass mark reached)";
    case Msg::kPartPractical:
      return "practical";
    case Msg::kPartScore:
      return "Score, {0} part: {1}/{2}";
    case Msg::kPartTheory:
      return "theory";
    case Msg::kPartsPending:
      return "The {0} part is still to be marked; the centre will publish the overall result "
             "once it is.";
    case Msg::kReconnected:
      return "Connected to the server again.";
    case Msg::kSetupCertificate:
      return "This computer cannot verify the exam server {0}: the centre's certificate or the "
             "server address in the configuration is wrong.";
    case Msg::kSetupFault:
      return "This is a set-up fault; waiting will not cure it. Please raise your hand and ask the "
             "proctor to call the technician.";
    case Msg::kSetupHost:
      return "The exam server {0} cannot be found: the server address in the configuration is "
             "wrong.";
    case Msg::kTechnicalDetail:
      return "Technical detail: {0}";
    case Msg::kThisTestFailed:
      return "This test: not passed (below the pass mark)";
    case Msg::kThisTestPassed:
      return "This test: passed (pass mark reached)";
    case Msg::kTooSmallIgnored:
      return "{0} keys ignored: keys do nothing while the window is too small.";
  }
  return "";
}

std::string_view Text(Lang lang, Msg m) { return lang == Lang::kEn ? TextEn(m) : TextVi(m); }

}  // namespace khaothi::client::ui
