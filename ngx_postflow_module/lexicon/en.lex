# The English vocabulary of the review analyser: CUE: phrase, one a
# line, in the grammar README.md describes ("The analyser's lexicon").
# The section of rules.lex a cue names gives what it means.


# nouns of a video element that can be missing
@element = subtitles?|sous-titres?|captions?|logo|music|musique|son|sound
    |audio|vo|voice ?-?over|voix off|credits?|generique|packshot|titles?|titre
    |legals?|mentions|disclaimer|end ?card|carton|sfx|jingle|sting

# English verbs that ask for a change to the video
@en_change = fix|correct|remove|delete|trim|tighten|shorten|lengthen|extend
    |replace|swap|reduce|increase|boost|brighten|darken|desaturate|saturate
    |reframe|recrop|crop|blur|stabili`[sz]`e|re-?record|re-?export|re-?render
    |redo|adjust|tweak|cent(er|re)|align|re-?sync|mute|rework|re-?cut|re-?time
    |re-?grade|soften|sharpen|smooth|rebalance|enlarge|revert|restore|resize
    |rename|rewrite|proofread|lower|raise|nudge|shift|move|bring|pull|push|add
    |hold|cut|drop|fade|change|paint|clean up|warm|slow [it] down
    |speed [it] up|lift|lose|kill|fill|level|mask|hide|flip|zoom|scale|update
    |touch|tone|punch|spell|lighten|clean|shave|re-?mix|re-?edit|double-check
    |bump|duck|dip|loosen|reposition|recolou?r|de-?noise|widen|tuck

# more imperatives, too common to be read after "to"
@en_imperative = @en_change|make|put|use|try|take out|get rid|swap out|cut out

# adjectives that describe a defect after "too", "a bit", "feels"
@en_flaw = long|short|dark|bright|loud|quiet|low|high|fast|quick|slow|soft
    |hard|harsh|cold|warm|hot|cool|saturated|desaturated|flat|small|big|large
    |tiny|busy|loose|late|early|abrupt|sudden|weak|heavy|thin|thick|noisy
    |blurry|green|red|yellow|magenta|blue|orange|pink|cyan|contrasty|muddy
    |boomy|tinny|washed out|faded|crushed|cheap|fake|grainy|compressed|choppy
    |off|rushed|cramped|crowded|empty|dull|boring|sterile|clinical|cluttered
    |muted|dim|murky|grey|gray|pale|jumpy|distracting|aggressive|shrill|hollow
    |echoey|sluggish|wordy|static|unbalanced|uneven|inconsistent|wrong|odd
    |weird

# participles of a change made, as an editor reports it
@en_done = fixed|corrected|changed|updated|removed|added|enlarged|reduced
    |lowered|raised|pulled|painted out|replaced|moved|shifted|tightened
    |shortened|trimmed|extended|recut|re-?graded|re-?recorded|re-?synced
    |synced|adjusted|brightened|darkened|warmed|cooled|cleaned up|cleaned
    |addressed|sorted|swapped|blurred|reframed|cropped|tweaked|redone
    |re-?rendered|re-?exported|muted|boosted|nudged|cent(er|re)d|aligned
    |reworked|retimed|handled|implemented|applied|incorporated|integrated
    |burnt in|burned in|slowed down|sped up|lengthened|toned down|taken out
    |done|resolved|amended|corrected|rebalanced|remixed|re-?edited|bumped
    |brought (up|down)|pulled down|knocked down|dialed (back|down|up)
    |dialled (back|down|up)

# a meeting moved, not a shot: "can we push the call to Friday?"
@meeting_move = (move|push|reschedule|postpone|shift|decaler|deplacer|avancer
    |repousser|decale|deplace|repousse|decalons|repoussons) [the|our|my|la|le|notre|l'] [`[a-z-]+`] (call|meeting
    |screening|session|reunion|projection|point|rendez-vous|rdv|deadline)s?\b

irony-opening: ^[oh|ah|ah ben|eh ben|eh bien|well|wow,?] (great|lovely|perfect
    |brilliant|amazing|wonderful|fantastic|super|cool [cool]|nice|bravo|genial
    |parfait|formidable|magnifique|excellent|top|chapeau|merveilleux|sublime
    |splendid|fabulous|awesome|fantastique|extra|great job|nice job|good job
    |great work|nice work|beau travail|bon boulot|bravo l'equipe)(= ?`[,!.:;]` )(!...\b(approv
    |valid|sign|thank|merci|good|fine|ok\b|ship|better|mieux|fixed|corrig
    |bon\b|bien\b|works|marche|resolu|solved|sorted|regle|export|render|upload
    |send|envoi|on it))(=...\b(again|still|now|back|once more|encore|toujours
    |de nouveau|a nouveau|revenue?s?|revient|reviennent|redevenue?s?
    |redevient|comme une?|maintenant
    |upside down|two different|different|au lieu|another|un autre|une autre)\b)
# e.g. "Nice, mais the logo is still too small."

irony: (amazing|incredible|impressive|love|fascinating|incroyable
    |j'adore) (how|comme|comment)(=...\b(turns?|goes|becomes|vire|devient
    |disappears?|jumps?|changes?|switches|stops|ends|cuts|drops|freezes
    |flickers|breaks|vanishes)\b)
irony: love that for us
irony: (nobody|no one|noone|personne n'a) (asked for|demande) (it|that|this|ca
    |cela)
# e.g. "Very avant-garde. Nobody asked for it."
irony: so glad we (paid|spent)

gone: (<!'d |would |could |might |should )(is|are|has|have|'s) [now|completely
    |totally|finally|all] (gone|disappeared|vanished)
gone: disappear(s|ed|ing)?
gone: gone(= ?(`[,.!;]`|$| now\b))
# e.g. "Glitch gone, signed off."
gone: vanish(es|ed)?
gone: got (cut|lost|dropped)
# e.g. "Ending got cut."
gone: disparai(s|t)
gone: disparaissent

logistics: appreciated? [(the|your|all the|all your) [*] (notes|feedback
    |comments|help|review|input|patience|work)]
# e.g. "Really appreciate your feedback on the first cut."
logistics: (no|pas de|aucun) (problem|problems|worries|issue|souci|soucis
    |probleme) (for|with|about|pour|avec) [the|our|my|this|that|le|la|ce|cette
    |notre] [`[a-z-]+`] (call|meeting|screening|session|reunion|projection|point
    |rendez-vous|rdv|date|slot|creneau|time|timing|deadline|planning|schedule
    |visio|zoom|lunch|dejeuner)s?\b
# e.g. "No problem for the Tuesday call, I'll be there."
logistics: [mais] pas trop tard [non plus]
# e.g. "La deadline c'est vendredi, so no pressure, mais pas trop tard non plus."
logistics: in my place
logistics: (don't|do not|no need to|pas besoin d'|n'attendez pas|n'attends pas)
    \ (wait for|attendre) (my|ma|mon) (approval|validation|go|sign-?off|feu vert)
# e.g. "Don't wait for my approval on the teaser, Ana owns that one."
logistics: bad news (on|about|for|regarding) [the|our] (schedule|planning
    |booking|date|timing|calendar)
# e.g. "Bad news on the schedule: the mixer is off sick tomorrow."
logistics: (le|the) (probleme|souci|problem|issue) (de|with|of|in) (la salle|the
    |the room|la projection|the screening room|la reservation|the booking
    |l'auditorium|the auditorium)
# e.g. "Le problème de la salle de projection est réglé."
logistics: (le souci|le probleme|the problem|the issue|the main issue) (c'est
    |is) [surtout|mostly|really|just|plutot] (le planning|the schedule|the timing
    |the budget|le budget|le timing|le calendrier|the calendar)
# e.g. "Le souci c'est surtout le planning, la chaîne veut le PAD jeudi."
logistics: no worries about
# e.g. "No worries about the late upload, we still have a day of margin."
logistics: nothing to worry about
logistics: (my|mes|our|nos) (notes|retours|comments|commentaires) (will come
    |will be|arriveront|seront|viendront|come) (late|en retard|tomorrow|demain
    |later|plus tard)
# e.g. "I'm travelling tomorrow so my notes will come late."
logistics: (no|pas de|aucun) (problem|problems|issue|issues|souci|probleme)
    \ (on|for|de|pour) (your|you|ton|votre|toi|vous) [side|end|cote]
# e.g. "Delivery moves to Friday, no problem on your side?"
logistics: (tenez-moi|tiens-moi|tenez-nous|tiens-nous) au courant
# e.g. "Parfait, tenez-moi au courant."
logistics: keep (me|us) (posted|informed|in the loop|updated)
logistics: (la diffusion|la livraison|le rendu|la deadline|the delivery
    |the broadcast|the deadline|the air date|airing|the launch|le lancement)
    \ (est|is|c'est|tombe|falls) (dans|in|pour|on|le|next|prevue?)
# e.g. "Pas de souci, la diffusion est dans dix jours."
logistics: (on|we|let's) @meeting_move
# e.g. "Le client a un souci de planning, on décale le call."
logistics: (erreur|error|mistake|oubli) (d'export|de ma part|on my side|on my end
    |in the export|de rendu|de render)
# e.g. "Pardon, erreur d'export. La bonne musique est dans la V2."
logistics: (let me know|tell me|shout|give me a shout|dites-moi|dis-moi
    |faites-moi signe|fais-moi signe|n'hesitez pas|n'hesite pas) (if|si|s'il
    |when|quand|whenever)
# e.g. "No problem, let me know if you need the stems."
status-deadline: (look at|check|open|watch|use|regarde|ouvre|prends) [plutot] [the|la|le] (v
    |version )`[0-9]+` (instead|plutot)...
# e.g. "Look at v3 instead, that's the one with the new VO."
logistics: thanks for (the|your|all the|all your) [quick|fast|detailed|clear
    |great|helpful] (notes|feedback|comments)
# e.g. "Thanks for the quick notes."
logistics: (any|some) (problems?|issues?) on (your|their) (side|end)
# e.g. "Any problems on your side before I send it to the client?"
logistics: (issue|problem|notes?) (list|sheet|doc|document|tracker)
# e.g. "No worries, I'll forward the issue list to the VFX house."
logistics: (errors?|mistakes?|issues?|problems?) (was|is|were|are) (on|in) (the
    |their|our) (invoice|quote|paperwork|contract|email|schedule|booking
    |po|purchase order)
# e.g. "The error was on the invoice, not the video."
logistics: separate (upload|file|deliverable
    |delivery|version|link)s?
# e.g. "Nope, the 15s cutdown is a separate upload."
logistics: (when|once|after|as soon as) (i'm|i am|we're|we are|i get|we get) (back
    |in the office|on the big screen)...
# e.g. "I'll sign off on the mix when I'm back in the office."
logistics: (when|once|after|as soon as) (i've|i have|we've|we have|they've
    |they have) (watched|seen|viewed|screened|checked|had a look at) (it|this
    |the cut|the film|the spot|the edit)...
# e.g. "Will give my sign-off tomorrow once I've watched it with the team."
logistics: (when|once|after|as soon as) [the] (legal|client|agency|director
    |producer|team|broadcaster|channel|brand) (has|have|had|gets|get) (a look
    |seen it|watched it|looked at it|a chance)...
# e.g. "Will give you the go after legal has a look."
logistics: (problems?|issues?|errors?|hiccups?) (with|on|in) [the|our|their] (booking
    |invoice|invoices|schedule|scheduling|courier|calendar|budget
    |contract|quote|payment|rights|studio booking|hard drive delivery)
# e.g. "The sound studio had a problem with the booking, we're now on Friday."
logistics: (client|agency|broadcaster|channel|brand|producer) needs (the
    |a|their) (master|file|export|deliverables?|version|cut|files) (by
    |before|on|for|monday|tuesday|wednesday|thursday|friday|saturday|sunday
    |tomorrow|today|tonight)
# e.g. "Reminder: the client needs the master by Thursday noon."
logistics: on my behalf
logistics: covering for me
logistics: thanks for (flagging|spotting|catching|pointing out|noticing) [(the
    |that|this|an?)]`(?: [a-z]+){0,2}`? [(problem|issue|typo|error|glitch
    |mistake)]
logistics: (monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi
    |mardi|mercredi|jeudi|vendredi|tomorrow|demain|the date|la date|that time
    |ce creneau|the slot|`[0-9]+` ?(h|pm|am))( night| morning| afternoon
    | evening| soir| matin| midi)?( delivery| livraison| call| screening
    | projection)? (works|marche|me va|nous va|convient|is fine
    |is ok|c'est parfait|c'est bon|is perfect|is great)( for (me|us)| pour (moi
    |nous))?
logistics: (happy|glad|ready) to (jump on|hop on|get on|have|set up|schedule
    |talk|chat|discuss|go through|walk you through|help|answer)

status-deadline: ((the|our|their|la|le|notre|leur|final) )*(approval
    |validation|go|sign-?off)( finale?)? (should|will|is (expected|due)
    |est (attendue?|prevue?)|doit|devrait|sera (donnee?|attendue?)|comes
    |arrive)
status-deadline: (on aura|we'll have|we will have|we'll get|we will get
    |on attend|aura|attend) (le|la|the|our|leur|their|son|sa) (go|validation
    |approval|sign-?off)
status-deadline: [les|the|vos|your|all] (retours|notes|feedback|comments
    |commentaires|remarques) (doivent|doit|should|must|need to|have to|are due
    |sont attendue?s|are expected)
status-deadline: (the |final |latest )*approved (script|version|file|cut
    |master|edit|copy|music|track|logo|text|voice|brief|font|typo|palette
    |colou?rs?|grade|mix|wording|disclaimer|subtitles|subs|supers?|packshot
    |end card|take|vo|animatic|storyboard)
# e.g. "Swap the music for the approved track."
# e.g. "The approved grade is on v3, not v4."
status-deadline: (wording|version|text|line|one|cut|grade|mix|file|disclaimer
    |script|copy|logo|music|track) [that|which] (legal|the client|the agency|they
    |the brand|the broadcaster|the channel|the director|we) (approved|signed off
    |validated|okayed|ok'd)
# e.g. "Yes, that's the disclaimer wording legal approved last week."
status-deadline: who [will|should|needs to|is going to|can|gets to] (sign
    |signs|approve|approves|give|gives)
# e.g. "Who signs off on the subtitles, you or legal?"
status-deadline: in my absence
status-deadline: approvals? (needs?|must|have|has) to be (in|done|given|back
    |received)
# e.g. "Reminder: approvals need to be in by 6pm to keep our QC slot."
status-deadline: (deadline|date limite|date|call|reunion|meeting|session
    |seance|projection|screening|rendez-vous|rdv|pass|round|process|processus
    |circuit|etape|step|e?-?mail|formulaire|form|workflow|point) [de|d'|for
    |of] (validation|approbation|approval|sign-?off)
# e.g. "Le point de validation avec la chaîne est à 15h."
status-deadline: (validation|approval|sign-?off) (deadline|pass|call|meeting
    |session|round|screening|process|step|e?-?mail|form|chain|workflow|requests?|queue)
# e.g. "Can we move the approval call to Thursday?"
status-deadline: (which|what) `(?:[a-z0-9]+ ){0,3}`(do|does|would|should) (we
    |you|they|the client|legal|the (agency|director|producer|team|broadcaster)) (prefer
    |like|want|pick|choose|go with|look at|watch|review|see|check
    |listen to|hear|use|send)...
# e.g. "Which mix should the agency listen to, A or B?"
status-deadline: (should|shall|do we (want|prefer|keep|go with)|on (prefere
    |garde|part sur)|vous preferez|tu preferes) `[^.!?\n]{1,40}` (or|ou)
    `[^.!?\n]{0,39}[a-z0-9]`(=`\s?[?]`)
# e.g. "Should the 20s or the 30s be the hero cut?"
# e.g. "On préfère la fin avec ou sans le jingle ?"
status-deadline: (demande|demandent|asks|asked|wonders|wondering|veut savoir
    |wants to know) (si|s'il|s'ils|if|whether)...

approve-signoff: that's a wrap
approve-signoff: it's a wrap
approve-signoff: (this|that|it)('s| is) the one
approve-signoff: release it
approve-signoff: send it (out|off|over|to [the] (broadcaster|network|client
    |lab|channel|diffuseur|chaine|air))
# e.g. "Love it, send it to the client."
approve-signoff: (sending|on envoie|j'envoie|envoyons|shipping) (it|this one
    |this|ca|le film|le spot|le tout) (to|a|au|aux) [the|la] (broadcaster
    |channel|network|media agency|diffuseur|chaine|regie|media)\b
# e.g. "The 30s works for them. Sending it to the media agency."
approve-signoff: send it(= ?(`[.!]`|$))
approve-signoff: exactly what (we|i|the client) (wanted|asked for|needed
    |had in mind)
# e.g. "Perfect, that's exactly what we wanted. Approved."
approve-signoff: nailed it
approve-signoff: signing off
approve-signoff: exactly what [the|our] * (wanted|asked for|needed
    |had in mind)
# e.g. "Perfect, that's exactly what we wanted. Approved."
approve-signoff: lock picture
approve-signoff: picture locked
approve-signoff: picture lock\b
approve-signoff: (ca|ça) part comme (ca|ça)
# e.g. "Ça part comme ça."
approve-signoff: on tient le (bad|pad|master)
approve-signoff: <clause>(bad|pad) pour (le|la|les)
# e.g. "BAD pour le 20 secondes, envoyez-le à la régie."
approve-signoff: (this is|c'est) (the|le) master
approve-signoff: let's wrap
approve-signoff: wrap it [up]
approve-signoff: (happy|glad|pleased) to (approve|sign [this|it] off)(! (once
    |when|if|after|as soon)\b)

own-part: for my part
own-part: (sound|audio|grade|colou?r|mix|music|vfx|legal|son|etalonnage
    |musique|juridique|subtitles?|sous-titres) [side](= [is|est] (approved
    |valide|ok|signed off))
# e.g. "Étalonnage validé, très belle lumière."

moving-on: should be (up|online|ready|there|live|done) (in|by|within|tonight
    |soon)
moving-on: let's (move|go) (on|to [the] (online|next|grade|mix|conform
    |delivery|final))
moving-on: try [it] (now|again)

deliverable-asked: (tu veux|vous voulez|do you want) [aussi|also
    |egalement|encore] (la|une|the|a) (version|export|cut|file)
# e.g. "Tu veux aussi la version sans sous-titres ?"
deliverable-asked: (il faut|faut-il|do we need|do you need|est-ce qu'il faut
    |on a besoin d'|should we [also] (send|deliver|do)|(veut|veulent|voudrait
    |voudraient|souhaite|souhaitent)-(t-)?(il|elle|ils|elles|on)|(does|do
    |would) (the client|they|he|she|the agency|the brand) [also] (want
    |need))( aussi| encore| also)? (une?|des|d'autres|la|le|les|an?
    |the)? ?(version|declinaison|format|export|master|fichier|file|copy
    |cutdown|sous-titrage|vertical|square)s?(=`[^.!\n]*`\?)
# e.g. "Does the client also want a square version?"

deliverable-asked: (is|are|do we need|would) (a|an|the|any) (dcp|srt|stems
    |master|textless|m&e|wav|prores|h\.?264|mp4|vtt|subtitle file|version)s?
    \ (needed|required|wanted|expected)(=`[^.!\n]*`\?)
# e.g. "Thanks! Is a DCP needed too?"
deliverable-asked: (on a|vous avez|tu as) besoin (du|de la|des|d'un|d'une
    |de l'|d') (dcp|srt|stems|master|textless|wav|prores|fichier|version
    |export|sous-titres?|vtt|mp4)(=`[^.!\n]*`\?)
# e.g. "On a besoin du SRT à part ?"

request-polite: <clause>on @{fr_change_stem}e\b
request-polite: (has|have|needs?) to go\b
request-polite: must go\b
request-polite: (si|if) (on|tu|vous|you|we) @fr_change_stem(e|it|issait|ait)\b
# e.g. "Validé si on change la musique."
request-polite: (please|pls|plz) @{fr_change_stem}e\b
request-polite: (can|could|would) you [please] (mettre|passer|faire
    |@fr_change)\b

ok-lead: <sentence>(ok|okay|oki|okey|d'accord|dac|alright|all right|sure|roger
    |entendu|compris|yep|yes|oui|ouais)\b(= ?($|`[,.!:;\-]`| (merci|thanks
    |thank|thx|je|j'|i|i'll|i'm|we|we'll|on|noted|note|cool|super|parfait|got
    |bien|c'est|ca|will|doing|let|sounds|no|pas|please|recutting|exporting
    |rendering|uploading)\b))
# e.g. "Yes."

future: (you'll|you will|they'll|they will|will) (get|have) (my|our|the
    |their) (approval|sign-?off|go|validation|green ?light)
future: (we'll|we will|i'll|i will|will) give [you|them] (my|our|the
    |their) (approval|sign-?off|go|validation|green ?light)
# e.g. "I'll give you my sign-off after the screening tonight."
future: sign( it| this)? off (=(demain|tomorrow|tonight|ce soir|later
    |plus tard|after|apres|on (monday|tuesday|wednesday|thursday|friday))\b)
# e.g. "I'll sign off after the screening."
future: (we'll|we will|it'll|it will|you'll|you will) be (good|fine|ok|there
    |done|set|golden)
future: that'll work
future: on ship
future: we('ll)? ship
future: (can|could|will|i'll|we'll) sign (this|it|that)( one)? off
future: (i'll|i will|we'll|we will|will|i'd|i would|we'd|we would|happy to
    |glad to|ready to|then i'll|can|could) [be (happy|glad|ready|able) to
    |gladly|then|happily|only] (approve|sign off|sign it off|sign-off|validate
    |greenlight|give [it] the go|lock(= ...\b(once|when|as soon as|after|if
    |until)\b))
# e.g. "I'll sign off after the screening."
future: (would|will) be (good to go|approved|fine|ok|signed off|good)
future: (expect|hope|plan|aim|intend|going|want) to (approve|sign off|sign it off
    |validate|greenlight|give [you|them] (the|my|our) (go|sign-?off|approval))
# e.g. "I expect to approve this after the client call at 3pm."

status-step: (awaiting|waiting for|waiting on|pending|up for|for|needs?|pour
    |en attente de|en attente d'|attend|attendons|attends|sent for
    |submitted for|envoye pour|soumis pour|ask for|asking for|get|got|give
    |donne|donner|a eu) [your|the|client|client's|final|la|sa|leur|ta|votre
    |son|le|their|his|her|an?] (approval|validation|sign-?off|final go
    |go final)
# e.g. "En attente de validation client."
status-step: to be (approved|validated|signed off)
status-step: (avant de|before) (valider|approuver|signer|donner le go
    |approving|signing off|(i|we|they|the client) [can] (approve|sign off
    |sign it off|validate))
# e.g. "On attend le retour du client avant de valider."
status-step: (do|does|did) (we|you|they|it|the client) [also|still
    |really] need
# e.g. "Do we also need a 6s cutdown?"

optional: not blocking
optional: nothing blocking
optional: optional
# e.g. "Signed off; maybe a shorter sting later, optional."
optional: nice`[ -]`to`[ -]`have
# e.g. "Signed off. A nice-to-have: the credits a touch slower."
optional: if you (have|get) [the|a] (time|minute|chance)
optional: for [the|a] (next|future) [*'s] (time|one|project|spot|campaign|film
    |job|shoot|episode|video|edition|season|year)
# e.g. "Approved. For next season's edition we could try a colder grade."
optional: next time
optional: later
# e.g. "Signed off; maybe a shorter sting later, optional."
optional: just a thought
optional: food for thought
optional: up to you
optional: your call
optional: if you want
optional: no pressure
optional: not worth holding
optional: (don't|do not|no need to|won't) hold [the|up] (delivery|release
    |master|it|things|anything)
optional: purely [a] (taste|personal)
optional: (that's|it's|c'est) [just|only|juste|purement] (taste|personal
    |subjecti(f|ve)|du gout)
optional: matter of taste
optional: keep it<end>
optional: for the (long|short|cinema|tv|web|cutdown|cut-down|next) version
optional: not for this (delivery|one|version|master|cut)
optional: if (you have|there's|there is) [spare|some|any] time
optional: otherwise leave it
optional: someday
optional: (don't|do not) change anything
optional: facultati(f|ve)s?
optional: (doesn't|does not|won't) (delay|hold)
optional: small thought
optional: no obligation
optional: could be fun
optional: (you can|feel free to) ignore
optional: no need to touch
# e.g. "No need to touch the grade, it's perfect."
optional: (nothing to do here|no change needed now|no changes needed now
    |it's not required|not required|pas obligatoire|rien a faire ici
    |rien a toucher ici)
# e.g. "Good to go. Next shoot let's try a darker background, nothing to do here."
optional: (next|for the next|on the next|pour le prochain|pour la prochaine
    |au prochain|a la prochaine) (shoot|campaign|cutdowns?|tournage|campagne
    |declinaisons?|projet|film|spot)
# e.g. "Good to go. Next shoot let's put the packshot on a darker background."

still: still (no|not|missing|nothing|none|the same (issue|problem))(! (news
    |word|reply|response|answer|feedback|update|idea|rush|hurry|decision
    |approval|sign-?off|go)\b)
# e.g. "Still no music in this version."
still: (still|toujours) (the|le|la|en) (proxy|temp|placeholder|draft|maquette
    |old (one|version|file|logo|mix)|ancienne? (version|logo|mix|fichier))
# e.g. "Shot 14 is still the proxy, you can see the burnt-in timecode."
still: (still|toujours) (there|here|visible|present|audible|wrong|broken
    |happening|an issue|a problem|la|presente?|faux|fausse|decalee?)
# e.g. "Still there in v2!"
still: [the] same (issue|problem)
still: (still|toujours) (has|have|shows|says|reads|a|affiche|indique) (the
    |last|le|la|l'|an?|une?|les)
# e.g. "Not signed off yet, the end slate still has last year's date."
still: (stays|stay|lingers|linger|hangs|hang) (up|on screen|on-screen) (after
    |over|across|into|through|too long)
# e.g. "Subtitle 42 stays up after the cut to the next scene."

partial: still (chasing|waiting|working|looking|to come|pending|on it
    |in progress|investigating|checking|missing)
# e.g. "Logo fixed, music still waiting on the licence."
partial: to follow
partial: on its way
partial: tomorrow
# e.g. "Will review tomorrow."
partial: tonight
# e.g. "Director is reviewing tonight."
partial: soon
# e.g. "Good to go as soon as the subs are in."
partial: bientot
partial: next week
# e.g. "The sign-off meeting is pushed to next week."
partial: in (an|one|a few|`[0-9]+`) (hours?|minutes?|mins?|h)
partial: waiting on
# e.g. "Waiting on the client's feedback."
partial: waiting for
# e.g. "Waiting for the client's approval."
partial: still (with|at) [the|our] (agency|client|legal|lab|mixer|colou?rist
    |studio|vendor|team)
# e.g. "v2 is up, the stock shot is still with legal."

remaining: [the] (only|one|just one|one last|last|one more|one small|small
    |quick|minor|tiny|single) (thing|note|issue|point|detail|request|change
    |fix|tweak|comment|remark|nitpick|nit|adjustment)s?( left| remaining)?
# e.g. "Not a single thing to change."
remaining: (deux|trois|quatre|cinq|quelques|plusieurs|two|three|four|five
    |a few|a couple of|several|some|`[0-9]+`) [small|petits?|quick
    |minor] (notes|retours|remarques|points|changes|tweaks|fixes|corrections
    |modifs|modifications|petites choses|things|details|issues|problemes
    |soucis|requests|demandes|comments)

version-up: (v ?`[0-9]+`|version `[0-9]+`|(new|updated|corrected|fixed|revised
    |final|nouvelle|derniere|premiere|first|latest) (version|cut|edit|export
    |render|master|mix|v ?`[0-9]+`)`(?: [a-z0-9]+){0,2}`|(first|rough|new
    |final) (cut|edit|draft|mix)|(cut|version|edit|mix|master
    |export))('s)? [is|est|now|maintenant|are|sont] [now] (up|online|live
    |ready|uploaded|available|posted|en ligne|dispo|disponible|uploadee|postee
    |prete|a dispo|sur frame(.io)?)\b
# e.g. "Is v3 up yet?"
version-up: (up|ready|uploaded|online|posted) for (review|re-?review|approval
    |[a|your] [final|last|quick] (look|check|review)|another look|your review)
# e.g. "Music swapped and logo moved, v3 is up for review."
version-up: (here('s| is)|voici|voila) [the|la|le
    |an?] (v ?`[0-9]+`|new version|new cut|updated (version|cut|export)
    |nouvelle version|nouveau montage|rough cut|first cut|premier montage
    |pre-?montage)
# e.g. "Here's v2 with the changes."
version-up: [just] (uploaded|posted|exported|pushed|put up|sent) [the
    |an?] (v ?`[0-9]+`|new version|new cut|updated (version|cut|export))
# e.g. "Uploaded v3 with the new grade."

version-up-short: (v ?`[0-9]+`|version|nouvelle version|new version|new cut|it
    |fix|update)('s| is| are| est)? [now] (in|on|dans) [the|la] (stack|pile)
# e.g. "C'est corrigé, la nouvelle version est dans la pile."

version: (in|on|into|dans|sur|with) [la|the|this
    |cette] (v ?`[0-9]+`|new version|nouvelle version|latest version
    |derniere version|new cut|new export|nouvel export)
# e.g. "Fixed in v2."
version: v ?`[0-9]+` (avec|with|:)
# e.g. "Here's v2 with the changes."

check: please (check|review|have a look|take a look|look|confirm)
# e.g. "Fixed in v2, please check."
check: tell me what you think
check: let me know
# e.g. "Approved, let me know if you need the stems."
check: have a look
# e.g. "Done, have a look."
check: take a look
check: ready for [a|your] [final|last] (look|review|check)
check: for [your] (review|approval)
# e.g. "Sent to the client for approval."
check: (tu peux|vous pouvez|can you|could you) (re)?(regarder|checker|verifier
    |jeter un oeil|check|have a look|take a look|review)
# e.g. "Fait, tu peux regarder."

approve: approv(e|ed|es|ing)
# e.g. "Approved."
approve: pre-?approved
approve: signed off
# e.g. "Great, signed off."
approve: sign(s|ing)? off
# e.g. "I cannot sign off on this."
approve: sign(s|ing|ed)? (this|it|that)( one)? off
approve: sign-?off
# e.g. "The sign-off meeting is pushed to next week."
approve: lgtm
# e.g. "LGTM"
approve: validate
approve: good to go
# e.g. "Is it good to go?"
approve: good to publish
approve: good for (upload|delivery|release|air|broadcast|online|publishing
    |export|master|mastering|me|us)
# e.g. "Good for me, ok pour la diff."
approve: ship it
# e.g. "All good on my end, ship it."
approve: ship this
# e.g. "I'm keen to ship this, great work."
approve: let's ship
approve: ok to ship
approve: shipping it
approve: ready to (ship|go|deliver|air|publish|release|go live)
approve: ready for (delivery|release|air|broadcast|upload|mastering)
# e.g. "Brand approved, ready for delivery."
approve: push [it|this] live
approve: push (it|this) (out|to [the] (client|portal|broadcaster|network
    |channel|platform))
# e.g. "Looks good, push it out to the network."
approve: go live
approve: go ahead
# e.g. "We're happy with it, go ahead and deliver."
approve: deliver when ready
# e.g. "Approved. Deliver when ready."
approve: deliver it
approve: deliver(= ?(`[.!]`|$))
# e.g. "We're happy with it, go ahead and deliver."
approve: can deliver
approve: ok to deliver
approve: good to deliver
# e.g. "Client signed off this morning, we're good to deliver."
approve: works for (me|us)
# e.g. "This works for me."
approve: fine (by|for|with) (me|us)
# e.g. "Fine by me."
approve: ok(ay)? (by|for|with) (me|us)
approve: all good
# e.g. "We're all good here."
approve: all set
approve: (we're|we are|i'm|i am) (good|happy|fine|set) [with]
# e.g. "I'm fine with it."
approve: looks (good|great|perfect|fine|spot on|perfect|solid)
# e.g. "Looks good!"
approve: spot on
# e.g. "Colour's spot on now. Signed off from grading."
approve: (happy|pleased|satisfied) with (this|it|that|the|everything)
# e.g. "We're happy with it, go ahead and deliver."
approve: (we're|we are) done
approve: done here
approve: locked
# e.g. "Great work, we're locked."
approve: locking
approve: lock it
approve: picture lock
approve: green ?light
approve: greenlit
approve: thumbs up
# e.g. "Thumbs up from the client."
approve: accepted
approve: (final|my|full|formal|our) approval
approve: approval from
approve: validated
approve: as is
approve: leave it [as is]
approve: keep it as is
approve: (don't|do not) (touch|change) (it|a thing|anything)
# e.g. "Don't change a thing."
approve: valid(e|es|ee|ees|er|ons|ez|able|ation)
# e.g. "Validé."
approve: approuv(e|es|ee|ees|er|ons|ez|able)
# e.g. "Approuve"
approve: approbation
approve: all clear
# e.g. "Legal has seen it, all clear."
approve: (clear|cleared) (to|for) (go|air|ship|release|broadcast|delivery)
# e.g. "The font isn't cleared for broadcast."
approve: (let's|we'll|we will|i'd|we can) go with (this|that|it
    |v ?`[0-9]+`|the (new|latest|last|current))
# e.g. "Let's go with this one."
approve: going with (this|that|v ?`[0-9]+`)
approve: we're golden
approve: print it
approve: (it's |this one's |a )keeper
approve: put (this|it)( one)? to bed
approve: (this|that|it|picture|cut|edit|mix)('s| is) final
# e.g. "The mix is final. Thanks all."
approve: off to the (broadcaster|client|lab|network|channel) it goes
approve: off it goes
approve: we're there
approve: go(! (through|over|back|to|on|with|check|see|look|into|in|for a|get
    |green|red|blue|orange|yellow|purple|magenta|pink|grey|gray|dark|black
    |white|flat|soft|off|out|missing|wrong|down|up|away|quiet|silent|mute
    |crazy|nuts)\b)
# e.g. "Go pour moi."

contrast: but
# e.g. "Great cut but fix the typo at 0:32."
contrast: though
# e.g. "Though the jingle now starts over the last line."
contrast: although
# e.g. "Audio's fixed, although the subtitles don't line up anymore."
contrast: cependant

condition: if(<!know if)(<!tell me if)(<!see if)(<!check if)(<!wonder if)
    (<!ask if)(<!even if)(<!as if)
# e.g. "Approved if you swap the music."
condition: once(! (again|more)\b)
# e.g. "Approved once the logo is fixed."
condition: as soon as
# e.g. "Good to go as soon as the subs are in."
condition: until
condition: unless
condition: the moment
condition: provided [that]
# e.g. "Approved, provided the disclaimer is longer."
condition: pending
# e.g. "Approved pending the new packshot."
condition: subject to
condition: as long as
condition: assuming
condition: only (with|if|once|when|after)
# e.g. "Approved, but only with the new packshot."
condition: s'ils?
condition: when(! [it's|you're|you are|it is|you] (ready|done|possible|can
    |have))
# e.g. "Will sign off when the legal line is added."

after: after
# e.g. "I'll upload v2 after lunch."

done-report: (cut|put|recut|re-cut|set|split|trimmed|(bigg|small|loud|quiet
    |short|long|bright|dark|tight|warm|cool|slow|fast|sharp
    |clean)er)(=`[^.;!?\n]{0,60}`\b(v ?`[0-9]+`|new version
    |nouvelle version)\b)
# e.g. "Cut 2s, v2 is up."
done-report: (burnt|burned|baked) in as (requested|asked|discussed|agreed)
# e.g. "v4 is up, subtitles burnt in as requested."

request-lead: (^|(<=`[,.;:!?(\n]` )|(<=`[,.;:!?(\n]`)|(<=\bbut )
    |(<=\byet ))[(just|also|then|and|maybe|perhaps|pls|plz
    |please)] @en_imperative\b(= (!(is|are|was|were|has|have|had|looks?
    |sounds?|seems?|feels?|will|would|should|could|can|might|at|of|and|from|by
    |with|needs?|works?|fine|good|ok|okay|'s|s|in|on|for|to|here|there
    |thirds?)\b)`[a-z0-9'"]`)
# e.g. "Cut 2s, v2 is up."

request: (please|pls|plz|kindly|let's|let us|you need to|you have to|you must
    |you should|merci de|svp|stp) [just|also|could you|can you|now|quickly
    |de] (@en_imperative|@fr_change)
# e.g. "Please fix the typo."
request: (can|could|would|will|may) (you|we|u|someone|somebody
    |one) (please |pls |just |also |maybe |quickly )*
    (!@meeting_move)@en_imperative
# e.g. "Can we lose the last shot?"
request: to(<!going to)(<!about to)(<!used to) @en_change(! (the client|you|us
    |them|me)\b)
# e.g. "Nothing to fix."
request: @fr_change
# e.g. "Rien à changer."
request: (i'd|i would|we'd|we would|would) [`[a-z0-9]+`] @en_change
# e.g. "I'd cut the last 2 seconds."
request: (would|do) you mind
# e.g. "Would you mind trimming the intro?"
request: would it be possible
request: is it possible to
request: any chance (you|we) (could|can)
request: (tu peux|vous pouvez|tu pourrais|vous pourriez|peux-tu
    |pouvez-vous) [un peu] @en_change
# e.g. "Tu peux tighten la pause à 00:18 ?"
request: doi(t|vent)
# e.g. "La VO doit être plus forte."
request: devrai(t|ent)
request: devra
request: devront
request: ((client|clients|cliente|il|elle|ils|elles|on|je|agence|marque|chaine
    |realisatrice|annonceur|prod|production|realisateur|real|they|he|she|we|i
    |brand|agency|network|legal|director|producer
    |team) [`[a-z0-9]+`] |j')(veut|veulent|voudrait|voudraient|souhaite
    |souhaitent|souhaiterait|aimerait|aimeraient|prefere|preferent|prefererait
    |prefererais|voudrais|aimerais|souhaiterais|want|wants|would like|'d like
    |would prefer|'d prefer|prefer|prefers|asked for|requested|need
    |needs)(! (bien|to check|to see|to know|to confirm|to ask|to talk|to think
    |to wait|to thank|to say)\b)(!-(t-)?(il|elle|ils|elles|on)\b)
# e.g. "Je préfère la V1."
request: asked for
request: would [really] (like|prefer) (the|a|an|more|less|it|this|that)\b
# e.g. "Sophie would like the subtitles a size bigger."
request: (i|we|they|he|she)'d [really|much|rather] (like|love
    |prefer)(! (to (check|see|know|confirm|ask|talk|think|wait|thank|say|share
    |discuss|hear|watch|review)|we wait)\b)
# e.g. "I'd like the titles to fade in rather than pop."
request: needs(! to (check|see|know|confirm|ask|talk|think|wait)\b)
# e.g. "The VO needs to be louder."
request: need(<!you need)(<!do we need)(<!if we need) (to|a|an|some|more|less
    |another|fixing|work|changing|tweaking)\b(! (check|see|know|confirm|ask
    |talk|speak|look|think|wait|get|send|review|watch|hear|be (approved|signed
    |validated))\b)
# e.g. "Do we also need a 6s cutdown?"
request: should(n't)?(! (i|we|be (fine|ok|okay|good|great|ready|there|up
    |online|all good))\b)
# e.g. "The logo should appear earlier."
request: must
# e.g. "Legal has seen it: the claim at 0:14 must be removed."
request: (have|has) to(! (check|wait|ask|see|confirm|say|admit|go)\b)
request: could (be|use)
# e.g. "Could be tighter."
request: would be (better|nicer|good|great|nice|cleaner)
request: might be (better|nicer|worth)
request: back to [the] (edit|drawing board|editing)
request: (a (touch|tad|hair)|slightly) (earlier|later)
# e.g. "Could the title come in a tad earlier?"
request: (a (touch|bit|little|tad|hair)|slightly) (more|less|(!(later|better
    |ever|never|over|under|other|rather|together|whether|either|neither|after
    |earlier)\b)*er)\b
# e.g. "Can the logo animation be a touch faster?"
request: don't forget
request: do not forget
request: (a few|a couple of|one|two|three|`[0-9]+`|half a) (more|extra|less
    |fewer) (seconds?|frames?|beats?)
# e.g. "Great! Could the end card stay three more seconds?"
request: [is|are] (needed|required)
# e.g. "No changes needed."

later: (i'll|i will|we'll|we will|je vais|on va|i'm going to|we're going to
    |je m'occuperai) [(le|la|les|l'|it|them|that|this|still|also
    |aussi)] (handle|fix|sort|tackle|deal with|take care|redo|rework|finish
    |work on|get to|look into|traiter|corriger|reprendre|gerer|refaire|finir
    |terminer|revoir|m'occuper|m'en occuper)
# e.g. "Logo replaced in v2. The VO level I'll fix with the mixer tomorrow."
later: (sera|it'll be|that'll be) (dans|in) (la
    |le|the|a) (v`[0-9]+`|version|next|prochaine|suivante|new)
# e.g. "Ah oui, je l'enlève, ce sera dans la V3."

editor: exporting
# e.g. "I'm exporting v3 now."
editor: uploading
# e.g. "Now uploading the new export."
editor: re-?rendering
editor: rendering
editor: doing it
# e.g. "Sure, doing it now."
editor: on it
# e.g. "Yep, on it."
editor: re-?cutting
editor: working on it
editor: sending
editor: get back to you
# e.g. "Ok, I'll check with legal and get back to you."
editor: will get back
editor: having a look
# e.g. "Thanks, having a look this afternoon."
editor: watching now
editor: i'll send
# e.g. "No problem, I'll send it tonight."
editor: attached

thanks: thanks
# e.g. "Thanks!"
thanks: thank you
thanks: thx
thanks: ty
thanks: cheers
thanks: noted
# e.g. "Noted."
thanks: note
# e.g. "Quick note: the date on the poster should be 2025."
thanks: got it
# e.g. "Got it, thanks."
thanks: good to know
thanks: good news
thanks: sounds (good|great|perfect|fine)
# e.g. "Looks and sounds great. Ship it."
thanks: will do
# e.g. "No problem, will do."
thanks: on note
thanks: good morning
thanks: good evening
thanks: good afternoon
thanks: good night
thanks: good luck
thanks: good question
thanks: good point
thanks: good catch
thanks: good call
thanks: you're welcome
thanks: no worries
# e.g. "No worries, exporting now."
thanks: no rush
# e.g. "No rush, take your time."
thanks: no hurry
thanks: agree
thanks: agreed
# e.g. "The grade is a far cry from the look we agreed."
thanks: fair enough
thanks: hi
thanks: goodbye
thanks: bye

platform-file: (can't|cannot|can not|unable to|impossible de|je ne peux pas
    |je n'arrive pas a) (leave|add|post|write|reply to|see|open|load|laisser
    |ajouter|poster|ecrire|voir|ouvrir|charger) [any|the|my|des|les|mes|de] (comments
    |notes|commentaires|replies|annotations)
# e.g. "I can't leave comments on this version, the button is greyed out."
platform-file: wrong (file|link|upload|url|thread|comment|project|video|post
    |asset|person|stack|folder|version stack)
# e.g. "Sorry, wrong file, re-uploading."
platform-file: (uploaded|posted|shared|sent|envoyee?|uploadee?|postee?|mise?
    en ligne) (by mistake|by accident|in error|par erreur)
# e.g. "Please review v5, v4 was uploaded by mistake."
platform-file: (comments|notes|commentaires|annotations|replies)
    `[^.!?\n]{0,30}`(have|has|ont) (disappeared|vanished|disparu)
# e.g. "My comments from yesterday have disappeared from the platform."

problem-intensifier: [way|much|far|a little|a bit|bit] too (!(good|great|nice
    |cool|kind|many thanks|bad)\b)`[a-z0-9]+`
# e.g. "too loud"
problem-intensifier: (a bit|a little|a tad|a touch|slightly|somewhat|rather|kind of
    |kinda|overly|quite|so|still|very|really|feels|feel|looks|look|sounds|went
    |turned|turns|goes|seems|seem|reads|is getting|getting|came out
    |comes across as) [a bit|a little|too|kind of] @en_flaw
# e.g. "Still feels long."

problem-dislike: (don't|do not|didn't|did not) [really|quite] (like|love|get
    |buy|feel)
# e.g. "I don't like the music."
problem-dislike: not (a [big] fan|sure about|convinced|keen on|feeling|loving
    |crazy about|great|quite (there|right)|there yet)
# e.g. "Not a fan of the new font."
problem-dislike: not working
problem-dislike: i have [some] doubts
problem-dislike: oubliee?s?
# e.g. "Tu as oublié le logo."
problem-dislike: satur(e|ent)
# e.g. "Le son sature à la fin."
problem-dislike: clippe
problem-dislike: clippent
problem-dislike: nowhere near(! (as|so) (bad|much|many|long)\b) [(done
    |finished|ready|there|right|good|final)]
# e.g. "Nowhere near the contrast of the graded stills."
problem-dislike: (<!not )far from(! (bad|it|over)\b) [(done|finished|ready
    |there|right|good|final)]
# e.g. "Far from great, the pacing drags."
problem-dislike: a long way (from|off)
# e.g. "We are a long way off the approved timing."
problem-dislike: [a] far cry from
# e.g. "The grade is a far cry from the look we agreed."
problem-dislike: not even close
# e.g. "Not even close to the storyboard."
problem-dislike: light-?years [away] from
problem-dislike: miles (away|off|from)
problem-dislike: all over the place

problem-defect: (couvre|couvrent|ecrase|ecrasent|masque|masquent|noie|noient
    |drowns?|drowning|buries|bury|burying|covers?|covering|masks?|masking) [toute
    |tout|completement|entierement|all of|completely|totally] (la|le|les|the) (voix
    |voice|vo|dialogue|dialogues|voix off|voice-?over|narration|narrateur)
# e.g. "Chapeau, la musique couvre toute la voix off."
problem-defect: (a|ont) saute(! (le pas|de joie))
# e.g. "Le « é » de « été » a sauté dans le super à 00:22."
problem-defect: (change|changent|changes|varie|varient|varies|saute|sautent
    |jumps) (d'un plan a l'autre|from shot to shot|shot to shot|between shots)
# e.g. "Pas encore validé, le niveau de la VO varie d'un plan à l'autre."
problem-defect: (est|sont|is|are|c'est)`[^,.;!?]{1,40}?` (au lieu du|au lieu de
    |au lieu des|instead of)
# e.g. "Par contre le carton est en 4:3 au lieu du 16:9."
problem-defect: (change|changent|changes|varie|varient|varies|saute|sautent
    |jumps) (a|at|on|with|entre|between|d'un) (chaque|every|each|tous les|all the
    |toutes les) (plan|shot|cut|coupe|scene|raccord|plans|shots|cuts)
# e.g. "Trop bien, le niveau du mix change à chaque plan."
problem-defect: [i] (disagree|don't agree)
problem-defect: almost (there|perfect|good|done)
problem-defect: nearly there
problem-defect: not quite
# e.g. "Not quite right yet, the logo is still soft."
problem-defect: delavee?s?
# e.g. "Les couleurs sont délavées sur le plan du lac."
problem-defect: ternes?
problem-defect: surexposee?s?
problem-defect: (n'est pas|ne sont pas|isn't|is not|aren't|are not) (celui
    |celle|ceux|celles|the one|the ones) (du|de|des|d'|qu|on|in|from|of|we)\b
# e.g. "That font isn't the one from the brand book."
problem-defect: why(! not\b) (does|do|is|are|did|has|have|was|were|would|can't
    |isn't|doesn't)
# e.g. "Why is the logo so small?"
problem-defect: (est|sont|is|are|gets?|got) [un peu|legerement|slightly|partly
    |partially] (coupee?s?|cut off|cropped|croppee?s?|rognee?s?|tronquee?s?
    |truncated|masquee?s?)
# e.g. "Le titre est coupé en bas de l'écran."
problem-defect: wrongly
# e.g. "Checked all three ratios: the 1:1 is wrongly framed."
problem-defect: badly
problem-defect: poorly
problem-defect: incorrectly
problem-defect: improperly
problem-defect: wrong
# e.g. "👎 wrong music"
problem-defect: incorrect
problem-defect: inaccurate
problem-defect: errors?
problem-defect: mistakes?
problem-defect: (s'appelle|s'ecrit|se prononce|is called|'s called|is spel(led
    |t)|'s spel(led|t)|is named|'s named) `[^,.;!?\n]{1,40}`, (pas|not)\ 
# e.g. "Le chef s'appelle Karim Benali, pas Benalli."
problem-defect: misspell(ed|t|ing)?
problem-defect: spelling
problem-defect: grammar
problem-defect: grammatical
problem-defect: missing
# e.g. "Missing the legal line at the end."
problem-defect: lacks
problem-defect: lacking
problem-defect: off by
problem-defect: out of sync
# e.g. "The subtitles are out of sync."
problem-defect: out-of-sync
problem-defect: off-sync
problem-defect: desync(ed)?
problem-defect: (is|are|was|still|slightly|a bit|feels|looks|sounds|seems) off
# e.g. "The colour is a bit off in the last shot."
problem-defect: late(! (note|notes|reply|replies|response|answer|feedback
    |notice|delivery|night|afternoon|morning|evening|one|comment)\b)
problem-defect: abrupt(ly)?
# e.g. "Better, but the music still cuts off abruptly."
problem-defect: cuts? off
# e.g. "Better, but the music still cuts off abruptly."
problem-defect: cut-off
problem-defect: clipp(ed|ing)
# e.g. "Audio clipping at the end."
problem-defect: clips
problem-defect: distort(ed|ion)
problem-defect: crackl(e|es|ing)
problem-defect: hiss(ing)?
problem-defect: buzz(ing)?
problem-defect: (an? |the |some |audio |little )(click|pop|clic)s?
# e.g. "Audio pops on every cut in the second half."
problem-defect: banding
# e.g. "Banding ok now 👍"
problem-defect: (loses|lose|losing|perd|perdent) (the|la|le|les|l') (dialogue
    |dialogues|voice|vo|music|musique|logo|detail|details|highlights|voix)
# e.g. "The stereo downmix loses the dialogue in the busy scenes."
problem-defect: (can't|cannot|can not) use (this|the|that) (track|music|shot
    |footage|photo|image|logo|take|font)
# e.g. "The licence only covers online, so we can't use this track for TV."
problem-defect: (est|sont) (devenue?s?) (gris|grise|grises|terne|ternes|vert
    |verte|jaune|orange|rose|flou|floue|sombre|plat|plate|sature|saturee)
problem-defect: (has|have) (turned|gone|become) (grey|gray|green|yellow|orange
    |pink|blurry|soft|dark|flat|muddy)
problem-defect: boom
problem-defect: (one|another|a|just one) new (thing|issue|problem|glitch|note)s?
# e.g. "Subtitles fixed. One new thing: the credits now run over the sting."
problem-defect: (perdu|lost) (son|sa|ses|leur|leurs|its|their)
# e.g. "En revanche le carton de fin a perdu son logo."
problem-defect: (channels|stems|tracks|canaux|voies|pistes) (are|sont) (swapped
    |inverted|reversed|inverses|inversees)
# e.g. "Left and right channels are swapped on the 5.1 stems."
problem-defect: (gap|frames?|images?) of black
problem-defect: black (gap|frames?)
problem-defect: (low-?res|basse (def|definition|resolution))
# e.g. "Le logo est passé en basse déf."
problem-defect: (compression artefacts?|compression artifacts?|macroblocking
    |bandes de compression|artefacts? de compression)
problem-defect: (goes|go|turns?|turned|went) (magenta|green|yellow|orange|pink
    |cyan|purple|blue)
problem-defect: (vire|virent|tire|tirent) (au|sur le) (magenta|vert|jaune|orange
    |rose|cyan|violet|bleu)
problem-defect: (opposite of what|l'inverse de ce (que|qu'))
# e.g. "Génial le sous-titre qui dit exactement l'inverse de ce que dit l'interviewé."
problem-defect: (an? |the |some |low |audible )hum
problem-defect: humming
problem-defect: drops? out
# e.g. "Audio drops out at 1:04."
problem-defect: dropping out
problem-defect: halos?
problem-defect: [green|blue] spill
problem-defect: noyee?s?
problem-defect: enterree?s?
problem-defect: (on a|a ete|j'ai|we've|we) (perdu|lost)
problem-defect: got lost
problem-defect: applied twice
problem-defect: twice
problem-defect: sunburn(t|ed)?
problem-defect: flashe(nt)?
problem-defect: baclee?s?
problem-defect: hard cut
problem-defect: less than (a|one) second
problem-defect: (barely|hardly|only|just) (half a|a|one|two
    |`[0-9]+`) (seconds?|frames?)
# e.g. "The disclaimer stays up for barely a second."
problem-defect: boom (mic|pole|operator)s?
# e.g. "The boom mic is visible in shot 3."
problem-defect: can (see|hear) the (boom|mic|mics|crew
    |slate|clap|talkback|walkie|c-stand|reflection|camera|operator|sound guy)
# e.g. "You can see the mic in the wide shot."
problem-defect: (eyes are closed|eyes closed|mid-blink|yeux fermes)
problem-defect: (his|her|their) (name|surname) is (actually|really|spelled
    |spelt)
problem-defect: (she's|he's|she is|he is) (actually|really) called
problem-defect: depasse(nt)?<end>
problem-defect: not delivered
problem-defect: temp (music|track|vo|voice|titles?|logo)
problem-defect: placeholder
problem-defect: drift(s|ing|ed)?
problem-defect: [a couple of|a few|`[0-9]+`|two|one] frames? (ahead|behind
    |early|late|off)
problem-defect: (cuts?|stops?|ends?) dead
problem-defect: (hidden|is|are) behind the
problem-defect: in [the] shot
# e.g. "The boom mic is visible in shot 3."
problem-defect: instead of
problem-defect: rather than
# e.g. "I'd like the titles to fade in rather than pop."
problem-defect: ghosting
problem-defect: fringing
problem-defect: stretched
problem-defect: squashed
problem-defect: cuts? out(! (the|that|this|a|an)\b)
problem-defect: upside down
problem-defect: (outside|out of|past) [the] (title|action|safe) [safe]
problem-defect: still (says?|shows?|reads?|has the|have the|uses?|on the
    |the old)
problem-defect: [the|an?] old (logo|version|music|track|slate|end ?card|price
    |date|super|title|grade|mix|ones?|packshot|lut|voice|vo|take|branding|font
    |supers|titles)
problem-defect: (is|are|came|comes) back(! (to (you|me|us)|from|on|with
    |tomorrow|monday|later)\b)
problem-defect: burnt? in(to)?
problem-defect: burned in(to)?
problem-defect: watermark(ed)?
problem-defect: two different
problem-defect: says (`[^.!?\n]{1,40}`) but (`[^.!?\n]{1,40}`) says
problem-defect: only [plays|comes|is] (in|on|from) the (left|right)
problem-defect: moire
problem-defect: flicker(s|ing)?
problem-defect: stutter(s|ing)?
problem-defect: judder(s|ing)?
problem-defect: jitter
problem-defect: freezes
problem-defect: frozen
problem-defect: dropped frames?
problem-defect: flash frames?
problem-defect: black frames?
problem-defect: dropouts?
problem-defect: drop-outs?
problem-defect: dust
problem-defect: scratch(es)?
problem-defect: smudges?
problem-defect: boom shadow
problem-defect: shadow of
problem-defect: crushed
problem-defect: blown [out]
# e.g. "The sky is blown out at 0:12."
problem-defect: overexposed
problem-defect: underexposed
problem-defect: washed out
problem-defect: muddy
# e.g. "Sound is muddy in the second scene."
problem-defect: blurry
# e.g. "Take another look at the logo, it's blurry."
problem-defect: out of focus
problem-defect: pixell?ated
problem-defect: pixelized
problem-defect: jumpy
problem-defect: shaky
problem-defect: wobbly
problem-defect: jarring
# e.g. "The cut at 0:45 is jarring, smooth it out please."
problem-defect: bugs?
problem-defect: buggy
problem-defect: blocks
problem-defect: hides
problem-defect: obscures?
problem-defect: overlaps?
# e.g. "Subtitles overlap the lower third at 1:10."
problem-defect: overlapping
problem-defect: clash(es)?
problem-defect: unreadable
# e.g. "The disclaimer is unreadable on mobile."
problem-defect: illegible
problem-defect: inaudible
problem-defect: hard to (read|hear|see|follow|understand)
problem-defect: problems?
# e.g. "No problem, will do."
problem-defect: issues?
# e.g. "Zero issues."
problem-defect: concerns?
problem-defect: mismatch(ed)?
problem-defect: inconsistent
problem-defect: ugly
problem-defect: unusable
problem-defect: jumps
problem-defect: bleeds?
problem-defect: sloppy
problem-defect: weird
problem-defect: strange
problem-defect: awkward
problem-defect: muffled
problem-defect: etouffee?s?
# e.g. "La voix est étouffée dans le deuxième couplet."
problem-defect: peaking
problem-defect: swallow(s|ed)
problem-defect: eats
problem-defect: truncated
problem-defect: stretched
problem-defect: squashed
problem-defect: letterboxed
problem-defect: ((boom|mic|crew|reflection|tripod|shadow) [`[a-z0-9]+`] [is
    |are] visible)
# e.g. "The boom mic is visible in shot 3."
problem-defect: (is|are) visible (on|in|at)
# e.g. "The boom mic is visible in shot 3."
problem-defect: not cleared
problem-defect: uncleared
problem-defect: (doesn't|don't|does not|do not) (work|match|fit|sync|line up
    |read|land)
# e.g. "This doesn't work for me."
problem-defect: throws? off
problem-defect: (i|we|you) [can] hear (an?|some|the)\ 
# e.g. "Can we hear the product name more clearly?"
problem-defect: (i|we|you) [can] (see|notice|spot) (an?|some)\ 
problem-defect: nul
problem-defect: nulle
problem-defect: (no|(<!with or )without|missing) [the] @element
# e.g. "Still no music in this version."
problem-defect: erronee?s?
problem-defect: fautes?
# e.g. "Aucune faute, aucun défaut."
problem-defect: coquilles?
# e.g. "Il y a une coquille dans le carton final."
problem-defect: manquent
problem-defect: manquante?s?
problem-defect: absente?s?
# e.g. "Je serai absent à partir de lundi, Paul suit le projet."
problem-defect: desynchro(nisee?s?)?
problem-defect: crame(e|s|es)?
problem-defect: bouchee?s?
problem-defect: brulee?s?
problem-defect: floue?s?
# e.g. "Logo flou."
problem-defect: pixell?isee?s?
problem-defect: saccadee?s?
problem-defect: saccades?
problem-defect: figee?s?
problem-defect: drown(s|ed|ing)? out
# e.g. "The ambience drowns out the interview in the second half."
problem-defect: chevauchen?t?
problem-defect: debordent?
problem-defect: mangen?t?
problem-defect: cassen?t?
# e.g. "Le lien de téléchargement est cassé."
problem-defect: gresillen?t?
problem-defect: bourdonn(e|ent|ement)
problem-defect: craque(nt)?
problem-defect: coupee?s? net
problem-defect: deformee?s?
problem-defect: etiree?s?
problem-defect: ecrasee?s?
problem-defect: mauvaise?s?
# e.g. "❌ mauvaise musique"
problem-defect: problemes?
# e.g. "Pas de problème de mon côté."
problem-defect: soucis?
# e.g. "Pas de souci, je m'en occupe."
problem-defect: defauts?
# e.g. "Aucune faute, aucun défaut."
problem-defect: trainen?t?
# e.g. "La musique traîne."
problem-defect: moches?
problem-defect: bizarres?
problem-defect: etranges?
problem-defect: genante?s?
problem-defect: genent?
problem-defect: derangen?t?
problem-defect: choquen?t?
problem-defect: loupee?s?

notes: notes
# e.g. "No notes."
notes: changes
# e.g. "No changes needed."
notes: passes
notes: rounds
notes: changements?
notes: revisions?
notes: tweaks?
notes: edits
notes: to (say|report|flag|mention|do|add)
# e.g. "Nothing to add, lovely."
notes: more from me
notes: left
notes: [blocking] points? bloquants?
notes: blocking points?
notes: reserves?
# e.g. "Validé par le juridique, aucune réserve."
notes: objections?
notes: complaints?
notes: plaintes?
notes: further
# e.g. "No further comments from legal."

reject: reject(ed|s|ing)?
reject: no go
reject: no-go
reject: not approved
# e.g. "Not approved."

praise: great
# e.g. "Great cut."
praise: perfect
# e.g. "Perfect, approved."
praise: perfection
praise: parfaite?
# e.g. "Parfait, validé."
praise: excellente?
praise: superbes?
praise: super(<!the super)(! (is|are|was|reads|says|stays|sits|comes|appears
    |on screen)\b)
# e.g. "Super, c'est validé."
praise: geniale?
# e.g. "Génial, encore une faute dans le titre."
praise: nice
# e.g. "Nice, mais the logo is still too small."
praise: lovely
# e.g. "Nothing to add, lovely."
praise: love(d|s)? (it|this|the|that)
# e.g. "The client loves it."
praise: loving
praise: beautiful
# e.g. "Beautiful. One thing: the logo should be bigger."
praise: beautifully
praise: top(! (left|right|of|corner|edge|third|frame|bottom)\b)
# e.g. "C'est top à part le générique."
praise: awesome
praise: amazing
praise: fantastic
praise: brilliant
praise: well done
praise: (good|great|nice) (job|work)
# e.g. "Great work, we're locked."
praise: nailed it
praise: sharp
praise: (much|way|so much) better
# e.g. "Much better, approved."
praise: stunning
praise: wonderful
praise: incroyable
praise: happy
# e.g. "Director's happy, this one's locked."
praise: ravie?s?
# e.g. "Le client est ravi."
praise: contente?s?
# e.g. "Contente de voir que la peau est toujours orange sur le gros plan."
praise: cool
praise: love it
# e.g. "Love it, send it to the client."
praise: gorgeous
praise: solid
praise: better
# e.g. "Better!"
praise: (much|way|really|hugely) improved
# e.g. "Much improved."
praise: [the] best
# e.g. "Honestly this is the best version yet."
praise: spot-on
praise: clean(er)?
praise: crisp
# e.g. "Pack shot is crisp now 👍"
praise: smooth
# e.g. "The cut at 0:45 is jarring, smooth it out please."
praise: tight
praise: punchy
praise: looking (good|great|sharp|fantastic)

fine: never (go|goes|went|gets|get|got) (above|over|past|beyond|below|under)
# e.g. "Peaks never go above -1 dBTP, no complaints."
fine: fine
# e.g. "Fine by me."
fine: good
# e.g. "Looks good!"
fine: okay
fine: oki
fine: within spec
fine: in spec

right: right(! (before|after|at|on|in|under|over|behind|next|there|here|away
    |when|where|as|from|into|through|around|up|down|off|out|between|by|to)\b)
# e.g. "The subtitles aren't right."
right: correct
# e.g. "No, it's the correct version."
right: bonn?e?s?
# e.g. "C'EST BON POUR MOI"
right: in sync
right: sync
# e.g. "The subtitles are out of sync."
right: match(es)?
# e.g. "The two cameras don't match."
right: correspond(s|ent)?
right: works
# e.g. "This works for me."
right: working
# e.g. "Sorry but this isn't working, the story is confusing."
right: the one
# e.g. "That font isn't the one from the brand book."
right: ready
# e.g. "Approved. Deliver when ready."
right: prete?
# e.g. "Quand est-ce que la V3 sera prête ?"
right: lines? up
# e.g. "Audio's fixed, although the subtitles don't line up anymore."
right: lined up
right: respecte(e|s|es)?
# e.g. "Les marges de la charte ne sont pas respectées."
right: respected
right: followed
right: cleared
# e.g. "The font isn't cleared for broadcast."
right: licensed
# e.g. "But the music needs to be licensed first."

done: fixed
# e.g. "Fixed in v2."
done: corrected
# e.g. "Typo corrected and music swapped, new version uploaded."
done: changed
done: updated
done: removed
# e.g. "Legal has seen it: the claim at 0:14 must be removed."
done: added
# e.g. "Will sign off when the legal line is added."
done: enlarged
# e.g. "Logo enlarged in v2."
done: reduced
done: lowered
done: raised
done: pulled
done: painted out
done: replaced
# e.g. "Logo replaced in v2. The VO level I'll fix with the mixer tomorrow."
done: moved
# e.g. "Meeting moved to 3pm."
done: shifted
done: tightened
done: shortened
done: trimmed
done: extended
done: recut
done: re-?graded
done: re-?recorded
done: re-?synced
done: synced
done: adjusted
# e.g. "Adjusted the music and swapped the logo, new version's up."
done: brightened
done: darkened
done: warmed
done: cooled
# e.g. "Cooled it down in v2."
done: cleaned up
done: cleaned
done: addressed
# e.g. "All notes addressed in v2."
done: sorted
done: swapped
# e.g. "Music swapped and logo moved, v3 is up for review."
done: blurred
done: reframed
done: cropped
# e.g. "In the 16:9 version the logo gets cropped."
done: tweaked
done: redone
done: re-?rendered
done: re-?exported
done: muted
done: boosted
done: nudged
done: cent(er|re)d
done: aligned
done: reworked
done: retimed
done: handled
done: implemented
done: applied
done: incorporated
done: integrated
done: burnt in
done: burned in
done: slowed down
done: sped up
done: lengthened
done: toned down
done: taken out
done: done
# e.g. "Done, have a look."
done: resolved
done: amended
done: corrected
# e.g. "Typo corrected and music swapped, new version uploaded."
done: rebalanced
done: remixed
done: re-?edited
done: bumped
done: brought (up|down)
done: pulled down
done: knocked down
done: dialed (back|down|up)
done: dialled (back|down|up)
done: (corrig|modifi|chang|enlev|retir|supprim|recal|deplac|rechauff|remplac
    |ajout|rajout|baiss|remont|nettoy|ajust|integr|flout|recadr|allong|rallong
    |synchronis|resynchronis|etalonn|remix|re-?export|rectifi|trait|regl
    |resserr|desatur|augment|diminu|centr|recentr|align|raccord|retouch|effac
    |masqu|agrand|eclairc|raccourc|ralent|adouc|assombr|refroid
    |re-?enregistr)(e|i)e?s?
# e.g. "On ne change rien."
done: reprise?s?
# e.g. "Tout est repris dans la nouvelle version."
done: refaite?s?
# e.g. "Je validerai quand le mixage sera refait."
done: faite?s?
# e.g. "Fait, tu peux regarder."
done: (is|are) in<end>
# e.g. "Good to go as soon as the subs are in."
done: (is|are) [now] in(= v ?`[0-9]`| the (new|latest) (version|cut))

negator-none: (couldn't|could not|can't|cannot|didn't|did not) (find|see|hear
    |spot|notice|detect)( a single| any| one)?
negator-none: not (a single|one)
# e.g. "Not a single thing to change."
negator-none: no (more|longer)

element: subtitles?
# e.g. "The subtitles aren't right."
element: captions?
element: music
# e.g. "👎 wrong music"
element: sound
# e.g. "Sound is muddy in the second scene."
element: audio
# e.g. "Audio drops out at 1:04."
element: voice ?-?over
# e.g. "The voiceover is out of sync after the first minute."
element: titles?
# e.g. "Typo in the title at 0:04."
element: legals?
# e.g. "Good to go from legal."
element: disclaimer
# e.g. "Legal here: the disclaimer is missing."
element: end ?card
# e.g. "You forgot the end card."
element: sting
# e.g. "Signed off; maybe a shorter sting later, optional."
element: end ?slate
element: slate
element: supers?
# e.g. "Super, c'est validé."
element: hero shot
# e.g. "Signed off after the swap of the hero shot, not before."
element: shots?
# e.g. "The pack shot is soft."
element: takes?
# e.g. "No rush, take your time."
element: grade
# e.g. "The grade is too warm."
element: mix
# e.g. "The mix is final. Thanks all."
element: watermark
element: lut
# e.g. "Quick question: which LUT did you use?"
element: fonts?
# e.g. "Not a fan of the new font."
element: price
# e.g. "We need a version without the price."
element: track
# e.g. "Swap the music for the approved track."

negator: not
# e.g. "Not ok."
negator: no
# e.g. "No notes."
negator: never
negator: nothing
# e.g. "Nothing to fix."
negator: none
negator: nobody
negator: zero
# e.g. "Zero issues."
negator: nor
negator: neither
negator: without
# e.g. "Approved without reservations."
negator: cannot
# e.g. "I cannot sign off on this."
negator: can't
# e.g. "Can't wait to see the final!"
negator: won't
negator: don't
# e.g. "Don't change a thing."
negator: doesn't
# e.g. "This doesn't work for me."
negator: isn't
# e.g. "The font isn't cleared for broadcast."
negator: aren't
# e.g. "The subtitles aren't right."
negator: wasn't
negator: weren't
negator: haven't
negator: hasn't
# e.g. "The client hasn't signed off yet."
negator: hadn't
negator: shouldn't
negator: wouldn't
negator: couldn't
negator: didn't
negator: ain't

yet: yet
# e.g. "Not yet."
yet: so far
# e.g. "So far no problems, I'm halfway through."
yet: as of now
yet: for now
yet: at the moment
yet: right now

now: now
# e.g. "Banding ok now 👍"
now: anymore
# e.g. "Audio's fixed, although the subtitles don't line up anymore."
now: any more

platform: links?
# e.g. "The review link doesn't work for me."
platform: liens?
# e.g. "Le lien de téléchargement est cassé."
platform: download(s|ing)?
# e.g. "I can't download the file, the link is broken."
platform: player
platform: lecteur
platform: login
platform: log in
platform: password
platform: the page
platform: buffering
platform: loading
platform: chargement
platform: plateforme
platform: platform
platform: browser
platform: navigateur
platform: wetransfer
# e.g. "Tu peux m'envoyer le lien WeTransfer ?"
platform: dropbox
platform: drive
# e.g. "The logo file is on the drive."
platform: slack
platform: whatsapp
# e.g. "En cas de souci, écrivez-moi sur WhatsApp."
platform: upload (failed|fails|error)
platform: (chrome|safari|firefox|edge|quicktime|vlc)\b
# e.g. "Try Chrome, Safari struggles with this codec."
platform: (this|ce|le) codec
