# The review analyser's rules table: the sections the vocabulary files
# fill, in the order they are tried (at a given place in a comment the
# first entry that matches wins), the cue each one gives the C rules,
# and where its phrases may end: "word", at the end of a word only,
# or "anywhere".
#
# section             cue          end

# Praise that opens a comment about a defect is irony: "Lovely, the flash
# frame is back." "Great, now it's fixed" is not.
irony-opening         irony        anywhere
irony                 irony        word

# a disappearance: of a defect, fixed; of an element, a problem
gone                  gone         word

# logistics that borrow a problem's or a request's words
logistics             thanks       word

# status and deadlines that borrow an approval's words
status-deadline       status       word

# sign-off without an approval word: "that's a wrap", "c'est BAD"
approve-signoff       approve      word

# An approval for one's own part ("de mon côté", "Director: the cut works
# for me", "Sound approved") leaves the others' requests open.
own-part              scope        word

# moving on after a lock is a step of the process, not a change
moving-on             editor       word

# a deliverable asked about: "il faut aussi une version 9:16 ?"
deliverable-asked     status       word

# polite French requests with a common verb
request-polite        request      word

# a leading "no problem," answers someone: an acknowledgement
no-worries            no-worries   anywhere

# a sentence-initial "ok" followed by thanks or an action
ok-lead               thanks       anywhere

# approval in the future or under a condition
future                future       word

# approval words that only name a step of the process
status-step           status       word

# a suggestion marked optional or left for later
optional              optional     word

# sarcasm and reminders: "still no subtitles"
still                 still        word

# a fix that is only partly done or only announced
partial               partial      word

# what is left to do: "only thing left", "deux retours"
remaining             remaining    word

# an editor's announcement of a new version
version-up            version-up   word
version-up-short      version-up   word
version               version      word
check                 check        word

# approval: sign-off words and unreserved acceptance
approve               approve      word

# exceptions and contrasts
except                except       word
contrast              contrast     word

# conditions on an approval
condition             condition    word

# "after the fix", "après remplacement": a change to wait for
after-fix             done         word
after                 after        word

# "cut 2s, v2 is up": a past tense, an editor's report
done-report           done         word

# requests: imperatives at the start of a clause, "but" opens one
request-lead          request      anywhere
request-imperative    request      anywhere

# requests: polite, modal and obligation forms
request               request      word

# Work an editor promises is work still to do: "Super fixed, v2 is up. The
# VO sync I'll handle with the mixer" is a partial fix.
later                 later        word

# editors, logistics: announcing what they do, not judging
editor                editor       word

# thanks and acknowledgements
thanks                thanks       word

# a wrong file or link is the platform's problem, not the video's
platform-file         platform     word

# reported problems: intensifiers
problem-intensifier   problem      word

# reported problems: dislike and doubt
problem-dislike       problem      word

# reported problems: defects named
problem-defect        problem      word

# feedback nouns: only their negation means something
notes                 notes        word
reject                reject       word

# praise: approves when nothing else is said
praise                praise       word
fine                  fine         word

# "right" as an adverb ("right before the end card") judges nothing
right                 right        word
done                  done         word

# a problem looked for and not found
not-found             negator      anywhere
negator-none          negator      word

# the video's elements: an approval waiting for one waits for a change
element               element      word

# negation
negator               negator      word
ne                    ne           anywhere
plus                  plus         word

# "not approved yet" reports a status, it refuses nothing
yet                   yet          word

# a change of state: after "but", something a fix broke
now                   now          word

# problems with the review platform rather than the video
platform              platform     word

# timecodes: "0:45", "00:01:05", "@00:42", "frame 880"
timecode              timecode     anywhere

# emoji, after folding (skin tones and variation selectors gone)
emoji-approve         emoji-ok     anywhere
emoji-changes         emoji-no     anywhere
