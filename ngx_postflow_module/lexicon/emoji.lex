# Emoji and the signs that belong to no language (timecodes), for the
# review analyser.  Emoji are read after folding: skin tones and
# variation selectors are gone.


timecode: (<!`[0-9:.,]`)(`(?:[0-9]{1,2}:){2}[0-9]{2}`(:`[0-9]{2}`)?
    |(!`[12][0-9]`:|`9:16`)`[0-9]{1,2}`:`[0-5][0-9]`)(!`[0-9:]`)
# e.g. "00:12 logo"
timecode: \@ ?`[0-9]+`
# e.g. "@01:05 son"
timecode: \b(frames?|images?|tc|timecode) ?`[0-9]+`

emoji-approve: 👍    # thumbs up sign
emoji-approve: ✅    # white heavy check mark
emoji-approve: ✔    # heavy check mark
emoji-approve: ☑    # ballot box with check
emoji-approve: 👌    # ok hand sign
emoji-approve: 💯    # hundred points symbol
emoji-approve: 🔥    # fire
emoji-approve: 👏    # clapping hands sign
emoji-approve: 🙌    # person raising both hands in celebration
emoji-approve: 😍    # smiling face with heart-shaped eyes
emoji-approve: 🤩    # grinning face with star eyes
emoji-approve: 🎉    # party popper
emoji-approve: 🥳    # face with party horn and party hat
emoji-approve: ❤    # heavy black heart
emoji-approve: 💪    # flexed biceps
emoji-approve: 🚀    # rocket
emoji-approve: ⭐    # white medium star
emoji-approve: 🌟    # glowing star
emoji-approve: 😀    # grinning face
emoji-approve: 😁    # grinning face with smiling eyes
emoji-approve: 😂    # face with tears of joy
emoji-approve: 😃    # smiling face with open mouth
emoji-approve: 😄    # smiling face with open mouth and smiling eyes
emoji-approve: 😊    # smiling face with smiling eyes
emoji-approve: 🙂    # slightly smiling face
emoji-approve: 🥰    # smiling face with smiling eyes and three hearts
emoji-approve: 💙    # blue heart
emoji-approve: 💚    # green heart
emoji-approve: 💛    # yellow heart
emoji-approve: 💜    # purple heart
emoji-approve: 🧡    # orange heart
emoji-approve: 🆗    # squared ok
emoji-approve: 🏆    # trophy
emoji-approve: 😎    # smiling face with sunglasses
emoji-approve: 🤘    # sign of the horns
emoji-approve: ✨    # sparkles
emoji-approve: 🎊    # confetti ball
emoji-approve: 💖    # sparkling heart
emoji-approve: 😋    # face savouring delicious food
emoji-approve: 😻    # smiling cat face with heart-shaped eyes
emoji-approve: 👊    # fisted hand sign
emoji-approve: 🤝    # handshake
emoji-approve: 🎇    # firework sparkler
emoji-approve: 🎈    # balloon
emoji-approve: 💎    # gem stone

emoji-changes: 👎    # thumbs down sign
emoji-changes: ❌    # cross mark
emoji-changes: ⛔    # no entry
emoji-changes: 🚫    # no entry sign
emoji-changes: ✖    # heavy multiplication x
emoji-changes: ❎    # negative squared cross mark
emoji-changes: 🛑    # octagonal sign
emoji-changes: 😡    # pouting face
emoji-changes: 🤮    # face with open mouth vomiting
emoji-changes: 🙅    # face with no good gesture
emoji-changes: ⚠    # warning sign
emoji-changes: 😠    # angry face
emoji-changes: 💩    # pile of poo
emoji-changes: 🤢    # nauseated face
emoji-changes: 🙄    # face with rolling eyes
emoji-changes: 😒    # unamused face
emoji-changes: 🤦    # face palm
emoji-changes: 🙃    # upside-down face
