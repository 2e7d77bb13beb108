# The French vocabulary of the review analyser: CUE: phrase, one a
# line, in the grammar README.md describes ("The analyser's lexicon").
# The section of rules.lex a cue names gives what it means.


# French verbs: stems of the infinitive and of the -ez imperative
@fr_change_stem = corrig|modifi|chang|redonn|enlev|retir|supprim|coup|recoup|rallong
    |allong|resserr|ajout|rajout|remplac|deplac|decal|recal|baiss|remont
    |augment|diminu|rechauff|refroid|desatur|resatur|recadr|flout|nettoy
    |stabilis|re-?enregistr|retravaill|ajust|centr|recentr|align|acceler
    |dynamis|recuper|resynchronis|synchronis|etalonn|reetalonn|remix|rehauss
    |attenu|renforc|retouch|effac|masqu|invers|simplifi|harmonis|uniformis
    |liss|equilibr|reequilibr|peaufin|rectifi|integr|reintegr|gomm|degag|relev
    |essay|prolong|raccord|rattrap|decoup|repositionn|agrand|eclairc|assombr
    |raccourc|ralent|adouc|gross|retrec|rajeun|epur|allege

# French verbs whose infinitive is not a stem plus -er
@fr_change_irregular = refaire|refaites|reduire|reduisez|reprendre|reprenez
    |revoir|revoyez|remettre|remettez|mettre a jour|mettez a jour|reecrire
    |reecrivez|retoucher|virer|virez

# a French verb of change, infinitive or imperative
@fr_change = @fr_change_stem(er|ez|ir|issez)|@fr_change_irregular

# adjectives that describe a defect after "trop", "un peu"
@fr_flaw = longs?|longues?|courte?s?|sombres?|claire?s?|foncee?s?|lumineux
    |lumineuses?|forte?s?|faibles?|bass?e?s?|haute?s?|vite|rapides?|lente?s?
    |lentement|mou|molles?|mous|dure?s?|froide?s?|chaude?s?|saturee?s?
    |desaturee?s?|plate?s?|petite?s?|grande?s?|gros|grosses?|chargee?s?
    |serree?s?|laches?|tard|tot|brusques?|brutale?s?|violente?s?|legere?s?
    |lourde?s?|epaisse?s?|fine?s?|bruyante?s?|verte?s?|rouges?|jaunes?
    |bleue?s?|roses?|oranges?|violette?s?|grise?s?|contrastee?s?|ternes?
    |delavee?s?|proches?|loin(! d'?e? ?[la|l'] (date|deadline|livraison
    |delai))|larges?|etroite?s?|floue?s?|piquee?s?|brillante?s?|discrete?s?
    |presente?s?|vides?|fades?|seche?s?|agressi(f|ve)s?|criarde?s?|decalee?s?
    |ennuyeux|poussi(f|ve)s?|statiques?|bizarres?|justes?|limites?|cheap
    |chargee?s?|sature

# participles of a change made, as an editor reports it
@fr_done = (corrig|modifi|chang|enlev|retir|supprim|recal|deplac|rechauff
    |remplac|ajout|rajout|baiss|remont|nettoy|ajust|integr|flout|recadr|allong
    |rallong|synchronis|resynchronis|etalonn|remix|re-?export|rectifi|trait
    |regl|resserr|desatur|augment|diminu|centr|recentr|align|raccord|retouch
    |effac|masqu|agrand|eclairc|raccourc|ralent|adouc|assombr|refroid
    |re-?enregistr)(e|i)e?s?|repris|reprise?s?|refaite?s?|mise? a jour|fait
    |faite?s?|pris en compte

irony: quel plaisir de (retrouver|revoir|reentendre)

gone: (a|ont) [bien|completement|enfin|totalement] disparu
gone: (n'est|ne sont) plus (la|visibles?|audibles?)
gone: (est|sont) partie?s?

logistics: <sentence>(any|en cas de) (problems?|issues?|questions?|soucis?
    |problemes?)(= ?`[,:]`)
# e.g. "Any questions, call me on my mobile."
logistics: (no need|pas besoin) (to|de|d') [(le|la|les|l'|it|them)] (rush
    |hurry|worry|repeat|resend|re-?upload|send|reply|answer|wait
    |apologi`[sz]`e|panic|stress|ping|chase|se (presser|depecher|precipiter
    |stresser|inquieter)|renvoyer|repeter|repondre|attendre|s'excuser|paniquer
    |stresser|relancer|envoyer)
# e.g. "No need to resend the link, I found it."
logistics: @meeting_move
# e.g. "Can we move the approval call to Thursday?"
logistics: (pas de|aucun|no|any|un|is there (an?|any)|y a-t-il un) (soucis?
    |problemes?|problems?|issues?|objections?|worries) (pour|to|with|if
    |si) [moi pour|me to|for me to] [(we|on|i|je|nous|you|tu|vous)] (decal|deplac|repouss|avanc|boug|mov
    |push|shift|resched|the call|the meeting|la reunion|la projection|le call
    |monday|lundi|demain|tomorrow)`[a-z]*`
logistics: (absente?s?|off|out of [the] office|ooo|en conges?|en vacances|away
    |on leave|en tournage|on set) [jusqu'(a|au)|until|a partir de|from
    |starting|des] (demain|aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi
    |cette semaine|la semaine prochaine|tomorrow|today|monday|tuesday
    |wednesday|thursday|friday|this week|next week|until)
# e.g. "Le client est en vacances jusqu'à lundi."
logistics: a ma place
logistics: (dossier|drive|repertoire|lien) partage
# e.g. "Les rushes du deuxième jour sont dans le dossier partagé."
logistics: (on (voit|regarde|revoit|passe en revue|fait le point sur)|go through
    |look at) (les|the) (corrections|retours|notes|modifs|changes|fixes) (ensemble
    |together)
# e.g. "On voit les corrections ensemble demain ?"
logistics: (erreur|probleme|souci) (etait|est|venait) (sur|dans|de) (la
    |le|l') (facture|devis|contrat|planning|mail|bon de commande)
logistics: d'abord (la|le|les|l') (revoir
    |regarder|voir|visionner)...
# e.g. "Je validerai demain, je veux d'abord la revoir sur grand écran."
logistics: (apres|une fois|quand|des que) (la projection|le call|la reunion
    |le dejeuner|mon retour|le visionnage|le passage client|le screening)...
logistics: (livree?s?|envoyee?s?|exportee?s?) a part
logistics: (soucis?|problemes?|erreurs?|bugs?) (de|d'|avec|sur) [la|le|les|l'] (planning
    |facture|factures|facturation|paiement|droits|reservation|devis|contrat|budget
    |coursier|livraison du disque|paiement|calendrier)
# e.g. "Le client a un souci de planning, on décale le call."
logistics: (decale|repousse|avance|moved|pushed
    |postponed) (la|le|l'|the) (diffusion|livraison|deadline|delivery|air date
    |call|session|mix|projection)
# e.g. "La livraison est repoussée à mardi, le client a décalé la diffusion."

status-deadline: (on|vous|tu) preferez? (laquelle|lequel|lesquel)
status-deadline: qui [doit|va|peut|devra|pourra] (valide|validera|valider
    |approuve|approuvera|approuver|signe|signera|signer|(donne|donnera
    |donner) (le|son|sa|la) (go|feu vert|validation|accord))
# e.g. "C'est qui qui valide côté client ?"
status-deadline: en mon absence
status-deadline: (valide|validera|approuve|approuvera|signe|signera|approves?
    |will approve|signs? off) (en mon absence|a ma place|in my absence|on my behalf
    |pendant mon absence)
# e.g. "Julie valide en mon absence."
status-deadline: [we] (needs?|want|wants) [the] (client|legal|agency|channel
    |broadcaster)('s)? (approval|sign-?off|go) (by|before)
# e.g. "We need client approval by Friday noon to make the air date."
status-deadline: final (approval|sign-?off|validation) (expected|planned|scheduled|due)
# e.g. "Final approval expected on Friday."
status-deadline: (validation|approbation|approval|sign-?off|feu vert
    |go final) [finale|final] (prevue?s?
    |planned|scheduled|expected|attendue?s?|programmee?)
# e.g. "Validation prévue jeudi avec le client."
status-deadline: (version|montage|cut|edit|master|script|musique|music|logo
    |typo|maquette|mix|etalonnage|grade)s? (validee?s?|approuvee?s?
    |approved)( (by|par) [the|le|la|l'] *)? (est|sont|etait|is|was|are|c'est
    |reste|remains)\b
# e.g. "The cut approved by legal is the 30-second one."
status-deadline: (c'est|ce sont|c'etait) [bien|toujours
    |encore] (la |le |les |l')`[a-z-]+` (validee?s?|approuvee?s?)
# e.g. "Oui, c'est bien la typo validée par l'agence."
status-deadline: (qu'on a|que (nous avons|j'ai|vous avez|tu as|le client a
    |l'agence a)) (validee?s?|approuvee?s?)
# e.g. "On est loin de ce que le client a validé en prémontage."
status-deadline: (laquelle|lequel|quelle version|quel montage|which one) [on
    |vous|tu] (prefere|garde|choisit)

approve-signoff: c'est [le] bad
approve-signoff: exactement ce (qu'on|que (je|nous|le client)) (voulai(s|t
    |ent)|voulions|attendai(s|t|ent)|attendions)
approve-signoff: (tu peux|vous pouvez|on peut) (exporter|sortir
    |envoyer) (le pad|le master|en pad)
approve-signoff: pret pour (l'antenne|la diffusion|diffusion|la livraison
    |livraison)
approve-signoff: on (envoie|livre|part|balance) (ca|ce master|cette version|celle-ci) (en diff
    |en diffusion|a la diffusion|a la chaine|a l'antenne)
# e.g. "On envoie ça en diffusion."
approve-signoff: rien d'autre (de mon cote|pour moi|a signaler|a redire|a corriger)
# e.g. "Le souci de synchro a disparu, rien d'autre de mon côté."
approve-signoff: nothing else (from me|on my side|from my side|to flag|to fix
    |to report)
approve-signoff: on fige [le montage]
approve-signoff: montage fige
approve-signoff: [on] n'y touche(z)? plus

own-part: (de|from|on|du) (mon|my|notre|our) (cote|side|end|part)
# e.g. "No issues from my side."
own-part: pour (ma|notre) part
own-part: (pour|for) (moi|me)\b
# e.g. "Ok pour moi."
own-part: ^(director|realisateur|realisatrice|real|client|cliente|producer
    |productrice|producteur|prod|legal|juridique|agency|agence|brand
    |marque)(= ?:)

moving-on: [ca|ce|il|elle] devrai(t|ent) (etre|arriver) (en ligne|la|dispo
    |pret|prete|uploade)
moving-on: (re)?essaie(z)? (maintenant|encore|a nouveau)
moving-on: ressaye(z)?

request-polite: doi(t|vent) (partir|disparaitre|sauter)
request-polite: merci de (!(regarder|valider|confirmer|verifier
    |me |nous |revenir|repondre|checker|jeter|faire (un retour|suivre|passer
    |(vos|tes|leurs|les|des) (retours|remarques|commentaires|notes))
    |transmettre|envoyer|partager|prevenir|patienter|votre|ton|ta|vos|tes
    |la |le |les |l'|ce |cette |m'|t'|vous|avoir)\b)*(er|ir|re)\b
# e.g. "Merci de raccourcir l'intro."

no-worries: ^(no problems?|no worries|no prob|pas de (soucis?|problemes?)
    |aucun (souci|probleme)|sans (souci|probleme)
    |pas de probleme)(= ?`[,.!;:]`)
# e.g. "No problem, will do."

future: [je|on] signer(ai|a|ons)
future: approvable
future: donne(r(ai|a|ons)|(= (mon|ma|notre|le|la) (feu vert|go|accord
    |validation) (demain|ce soir|plus tard|apres|lundi|mardi|mercredi|jeudi
    |vendredi|dans|d'ici|en fin|cet|cette)\b)) (mon|ma|notre|le|la) (feu vert
    |go|accord|validation|ok)
# e.g. "Je vous donne mon feu vert lundi, après la projection."
future: [je|on] valide(rai)? (=(demain|ce soir|plus tard|apres|lundi|mardi
    |mercredi|jeudi|vendredi|en fin de (semaine|journee)|cette semaine|ce week-end
    |la semaine prochaine|d'ici)\b)
# e.g. "Le réal valide en fin de semaine."
future: [tu|vous|on] pourr(as|ez|a|ons) (livrer|valider|envoyer|exporter
    |diffuser)
future: on partira (sur|avec)
future: ca passera
future: ca ira
future: ce sera bon
future: j'approuverai
# e.g. "J'approuverai après correction du titre."
future: approuverai
# e.g. "J'approuverai après correction du titre."
future: approuverons
future: approuvera
future: je validerai
# e.g. "Je validerai quand le mixage sera refait."
future: validerai
# e.g. "Je validerai quand le mixage sera refait."
future: validerons
future: validera
future: (ce |ca |c' ?)?sera (bon|ok|valide|approuve|parfait|nickel|go)
# e.g. "Ce sera ok dès que les sous-titres seront intégrés."
future: serai (ok|bon)
future: (je|on) (pourra|pourrai|pourrons) (valider|approve|approuver|signer)

status-step: a valider
status-step: (demande|request) [de|d'|for] (validation|approval)

optional: non`[ -]`bloquante?s?
# e.g. "Validé, une suggestion non bloquante : le logo un peu plus tôt."
optional: pas bloquante?s?
optional: optionnel(le)?s?
# e.g. "Validé. Le logo est trop petit. La musique, optionnel."
optional: si (tu as|vous avez|t'as|on a) le temps
optional: (nothing|rien) (changes|ne change) (for|pour) (this|cette|ce)
optional: [pour] la prochaine fois
# e.g. "Validé. Idée pour la prochaine fois : une musique plus rythmée."
optional: pour (le|un) (prochain|futur) (projet|film|spot|clip|tournage
    |episode)
optional: pour les prochaine?s
optional: plus tard
optional: ideas?
optional: idees?
# e.g. "Validé. Idée pour la prochaine fois : une musique plus rythmée."
optional: suggestions?
# e.g. "Validé, une suggestion non bloquante : le logo un peu plus tôt."
optional: a toi de voir
optional: a vous de voir
optional: comme tu veux
optional: comme vous voulez
optional: si tu veux
optional: si vous voulez
optional: sans pression
optional: (on ne|ne|n') ?(bloque(ra)?|retient|retiendra) pas
optional: [une] question de gout
optional: on garde (tel quel|comme ca|ca)
optional: ici on (garde|ne touche)
optional: part comme ca
optional: pour la (declinaison|version (longue|courte|cinema|tv|web)
    |prochaine)
# e.g. "Validé. Idée pour la prochaine fois : une musique plus rythmée."
optional: eventuellement
optional: pas pour (cette|ce) (livraison|version|master)
optional: sinon on laisse
optional: un jour
optional: rien d'obligatoire
optional: ne (retarde|bloque|gene) (pas|personne)
optional: petite idee
optional: en bonus
optional: as a bonus
optional: s'il reste du temps
optional: ne concerne pas (cet|cette|ce)
optional: sinon tant pis
optional: pas besoin (de|d'y) toucher

still: toujours pas(! [de|d'] (nouvelles?|reponses?|retours?|news|idee|urgence
    |decision|validation|go)\b)
# e.g. "Toujours pas de logo."
still: [le] meme (probleme|souci)
still: (reste|restent|traine|trainent) (affichee?s?|a l'ecran|sur le visage
    |sur le plan suivant|apres [la|le] (coupe|cut|plan))
# e.g. "Bravo pour le sous-titre qui reste sur le visage pendant tout le plan."
still: toujours (rien|aucune?|le meme (probleme|souci))(! [de|d'] (nouvelles?
    |reponses?|retours?|news)\b)

partial: toujours en (attente|cours)
# e.g. "Titre corrigé, le logo est toujours en attente."
partial: en attente
# e.g. "En attente de validation client."
partial: reste a(! peine)
partial: remaining
partial: en cours
partial: a suivre
partial: coming
# e.g. "Typo fixed, logo coming tomorrow."
partial: incoming
# e.g. "v4 incoming, with the new music."
partial: arrive(nt)?
# e.g. "le logo arrive trop tard"
partial: arriving
partial: demain
# e.g. "Pas encore, demain matin."
partial: ce soir
# e.g. "J'uploade la V3 ce soir."
partial: la semaine prochaine
partial: dans (une|`[0-9]+`|quelques) ?(heures?|h|min|minutes)
partial: toujours chez (le|la|l'|les)
partial: attend(s|ons)? (le|la|les|l'|un|une|des|encore|toujours)
# e.g. "On attend le retour du client avant de valider."

remaining: [une?|la|le] (derniere?|petite?|seule?|juste une?|encore une?
    |une? dernier|une? petit|une? seul) (chose|remarque|point|detail|retour
    |modif|correction|demande|souci|truc|ajustement|retouche|reglage
    |modification)s? [restante?s?]
# e.g. "Juste un souci : le logo n'est pas le bon."
remaining: il [ne] reste
remaining: (ne|n') ?reste (qu'|que|plus qu'|plus que)
remaining: (^|(<=`[,;:.]` ))reste(nt)? (le|la|les|l'|un|une|des|deux|trois)\b
# e.g. "Validé, restent les crédits à mettre à jour."
remaining: reste (juste|encore|seulement)

version-up: (dans|in) (la|the) (v ?`[0-9]+`|version `[0-9]+`), (en ligne|uploadee
    |dispo|disponible|up|now up)
# e.g. "La bonne musique est dans la V2, en ligne maintenant."
version-up: (nouvelle version|new version|v ?`[0-9]+`) (uploadee|en ligne
    |dispo)
# e.g. "Corrigé, V2 en ligne."
version-up: [j'ai] (uploade|poste|mis en ligne|envoye|exporte) [la
    |une] (v ?`[0-9]+`|nouvelle version)
# e.g. "J'uploade la V3 ce soir."

check: dites-moi
# e.g. "C'est corrigé, dites-moi."
check: dis-moi
check: dites moi
check: dis moi
check: jette(z)? un oeil
check: pour validation

approve: je signe
approve: feu vert
# e.g. "Feu vert pour la diffusion."
approve: bon pour [la] (diffusion|diff|livraison|l'antenne|antenne|export
    |le pad|pad|mise en ligne|publication|moi|nous)
# e.g. "C'EST BON POUR MOI"
approve: bon a (livrer|diffuser|partir)
approve: pret a (livrer|diffuser|partir)
approve: on livre
# e.g. "Nickel, on livre."
approve: on peut livrer
# e.g. "Tout est bon, on peut livrer."
approve: tu peux livrer
# e.g. "Validé, tu peux livrer quand c'est prêt."
approve: vous pouvez livrer
approve: livrez
approve: (lance|lancer|caler) la livraison
approve: c'est [tout] bon
# e.g. "C'EST BON POUR MOI"
approve: c'est ok
approve: tout bon
# e.g. "Tout bon pour moi 👍"
approve: tout est bon
# e.g. "Tout est bon, on peut livrer."
approve: ok (pour|de) (moi|nous|mon cote|notre cote|la|le|les|l')
# e.g. "Ok pour moi."
approve: on est bons?
approve: on y va
approve: c'est parti
approve: c'est go
approve: go pour
# e.g. "Go pour moi."
approve: ca me va
approve: ca me convient
# e.g. "Ça me convient parfaitement."
approve: ca nous va
approve: rien a redire
# e.g. "Rien à redire."
approve: accepte
approve: tel quel(le)?
approve: on part (la-dessus|la dessus|sur (cette|celle|ca|la))
# e.g. "On part là-dessus."
approve: (ca|cela) (marche|fonctionne|colle) pour (moi|nous)
# e.g. "Ça marche pour moi."
approve: [ne|n'] touche(r|z)? [plus|a] [a] rien
# e.g. "Parfait comme ça, on ne touche plus à rien."
approve: [ne|n'] (change|modifie|corrige|retouche)(r|z)? [plus] rien
# e.g. "On ne change rien."
approve: ne (rien|plus rien) (changer|toucher|modifier|retoucher)
approve: ca roule
approve: verrouille
approve: dans la boite
approve: en boite
approve: c'est plie
approve: banco
approve: on y est
approve: c'est la bonne(! (question|idee)\b)
approve: [on|j'] envoie(z)? [(le|la|les) (master|pad|fichiers?|version
    |v ?`[0-9]+`)] (au|a la|chez (le|la)) (labo|chaine|client|diffuseur
    |diffusion)
# e.g. "C'est celui-là qu'on garde, envoie la V5 au labo."
approve: c'est (celle|celui)(-ci|-la)? qu'on (garde|retient|prend|livre)
# e.g. "C'est celui-là qu'on garde, envoie la V5 au labo."
approve: lance(r|z)? (l'export|les exports) (pad|final|master)

except: (except|apart from|aside from|other than|besides|sauf|excepte|hormis
    |a part|mis a part|a l'exception (de|du|des))(! (ca|cela|that|this|ceci
    |for that|de ca|de cela|erreur)\b)
# e.g. "Parfait hormis la date."

contrast: mais
# e.g. "Mais il faut refaire le mixage."
contrast: par contre
# e.g. "Bravo, par contre le logo est flou."
contrast: however
contrast: en revanche
contrast: neanmoins
contrast: pourtant
contrast: toutefois
contrast: whereas
contrast: alors que

condition: du moment que
condition: on condition
condition: si(<!savoir si)(<!voir si)(<!dire si)(<!moi si)(= (on|tu|vous|nous
    |le|la|les|l'|un|une|des|c'|ca|cela|je|j'|il|elle|ils|elles|ce|cette|ces
    |quelqu'un)\b)
# e.g. "Validé si on change la musique."
condition: des que
# e.g. "J'envoie le lien au client dès que c'est exporté."
condition: une fois (que|qu'|le|la|les|l')
# e.g. "Validé une fois le logo corrigé."
condition: sous reserve
# e.g. "Validé sous réserve de la mention légale."
condition: a condition
# e.g. "Bon pour moi à condition de raccourcir la fin."
condition: tant que
condition: pourvu que
condition: quand(! (c'est|ce sera|ca sera|tu seras|vous serez|t'es|tu es
    |vous etes) prete?s?)
# e.g. "Bonjour, la V2 arrive quand ?"
condition: lorsque
condition: (seulement|uniquement|que) (avec|si|quand|une fois|apres)
# e.g. "Validé, mais seulement avec le nouveau packshot."

after-fix: (apres|after) [la|le|l'|the] (suppression|correction|modification
    |changement|remplacement|ajout|retrait|replacement|removal|fix|swap
    |change)
# e.g. "J'approuverai après correction du titre."

after: apres
# e.g. "Je suis en réunion, je regarde après."

request-imperative: (^|(<=`[,.;:!?(\n]` )
    |(<=`[,.;:!?(\n]`))(@{fr_change_stem}e|refais|reprends|remets|reduis
    |revois|enleve|vire)(= (le|la|les|l'|un|une|des|ce|cette|ces|moi|nous|ca
    |un peu|plus|moins|mon|ma|mes|ton|ta|tes|son|sa|ses)\b)

request: [il] (<!qu')(<!qu'il )(faut|faudrait|faudra)
# e.g. "Il faudrait baisser la musique."
request: (gagnerait|gagneraient) a
request: serait (mieux|bien|top|plus)
request: pourrait etre
request: (tu peux|vous pouvez|tu pourrais|vous pourriez|peux-tu|pouvez-vous
    |pourrais-tu|pourriez-vous|est-ce (possible|qu'on peut|que tu peux
    |que vous pouvez|qu'on pourrait)|serait-il possible|ce serait possible
    |c'est possible) [de|d'] [un peu] (@fr_change|caler|mettre|monter
    |descendre)
# e.g. "Tu pourrais caler le super sur le temps fort de la musique ?"
# e.g. "Est-ce qu'on pourrait descendre un peu la musique ?"
request: (on |j' ?)?(avait|avais|a|ai) demande
request: un (peu|poil|chouia|brin|tout petit peu) (plus|moins)(! (tard|tot)\b)
request: n'oubliez pas
request: n'oublie pas
request: (une|deux|trois|quelques|`[0-9]+`) (secondes?|images?) de (plus
    |moins)
# e.g. "Bravo. Le carton final, une seconde de plus svp."
request: [est|sont] necessaires?
request: (retour|on retourne) (au|en) montage

editor: (je vais|on va|je compte|i'll|i will|we'll|we will|i'm going to
    |we're going to|gonna|je m'occupe de|let me|i'm about to) [(le|la|les|l'
    |lui|leur|y|en|it|them|the|a|just|also)] `[a-z0-9]+`
# e.g. "I'll upload v2 after lunch."
editor: j'exporte
editor: je relance
# e.g. "Compris. Ok, je relance l'export."
editor: relance le rendu
editor: je m'en occupe
# e.g. "Pas de souci, je m'en occupe."
editor: je m'occupe
editor: je reprends
editor: je corrige
# e.g. "Je corrige et je t'envoie la V2 ce soir."
editor: je modifie
editor: je change
editor: je refais
editor: je recale
editor: recutting
editor: je t'envoie
# e.g. "Je corrige et je t'envoie la V2 ce soir."
editor: je vous envoie
editor: je reviens
editor: je vous fais un retour
editor: je regarde
# e.g. "Merci, je regarde demain."
editor: en cours d'export
editor: je previens
editor: je lance
editor: attaching
editor: je joins
editor: ci-joint

thanks: merci
# e.g. "Ok merci."
thanks: bien note
thanks: c'est note
thanks: bon a savoir
thanks: ca marche
# e.g. "Ça marche, merci."
thanks: entendu
thanks: compris
# e.g. "Compris. Ok, je relance l'export."
thanks: d'accord
# e.g. "Pas d'accord avec la coupe à 00:45, on perd l'info."
thanks: dac
thanks: ack
thanks: roger
thanks: je note
thanks: bien vu
thanks: de rien
thanks: pas d'urgence
thanks: d'accord avec
# e.g. "Pas d'accord avec la coupe à 00:45, on perd l'info."
thanks: bonne journee
thanks: bonne soiree
thanks: hello
thanks: bonjour
# e.g. "Bonjour, la V2 est validée."
thanks: salut

platform-file: mauvais (fichier|lien|fil|projet)

problem-intensifier: [beaucoup|bien|vraiment|un peu|un poil
    |largement] trop (!(bien|beau|belle|beaux|belles|cool|top|mignon|mignonne
    |classe|style|genial|bon|bonne|hate|content|contente|contents
    |fort pour)\b)`[a-z0-9]+`
# e.g. "Le son est trop fort."
problem-intensifier: (is|are|was|it's|its|est|sont|c'est|reste|restent|semble
    |seems|feel|feels) [a bit|un peu|vraiment|really|very|tres|bien|assez
    |plutot|kind of|still|encore|toujours] (long|longue|longs|lente?s?
    |sombres?|dark|loud|quiet|slow|flat|dull|boring|faibles?|mou|molle
    |floue?s?|blurry|noisy|bruyante?s?|ternes?|fades?|ennuyeux|ennuyeuse
    |plate?s?|vides?|empty|cheap|ugly|moches?|lourde?s?|confuse?|confusing
    |messy|brouillon|crowded|abrupt|brutale?|brusque|rushed|precipitee?|laggy
    |choppy|soft|muddy|harsh|stiff|rigide|statique|static)
# e.g. "Still feels long."
problem-intensifier: (un peu|un poil|legerement|assez|plutot|tellement
    |vraiment|si(<!fait si)|encore|reste|semble|parait|fait) [un peu
    |trop] @fr_flaw
# e.g. "Pourquoi le logo est si petit ?"
problem-intensifier: toujours [trop|un peu] (verte?s?|rouges?|jaunes?|bleue?s?
    |roses?|oranges?|violette?s?|grise?s?|magenta|sombres?|floue?s?|decalee?s?
    |saturee?s?|baveu(x|se)|sales?)
# e.g. "Contente de voir que la peau est toujours orange sur le gros plan."

problem-dislike: [je|j'] n'aime pas
# e.g. "Je n'aime pas la musique."
problem-dislike: j'aime pas
problem-dislike: aime pas
# e.g. "Je n'aime pas la musique."
problem-dislike: n'adore pas
problem-dislike: pas fan
# e.g. "Pas fan de la musique."
problem-dislike: pas sure? (de|du|des|pour|que)
problem-dislike: pas convaincue?s?
# e.g. "Pas convaincu par l'étalonnage."
problem-dislike: pas emballee?s?
problem-dislike: pas encore ca
# e.g. "Ce n'est pas encore ça, le rythme est lent."
problem-dislike: pas tout a fait (ca|juste|raccord|ok)
problem-dislike: meh
problem-dislike: bof
problem-dislike: `hmm+`
problem-dislike: ugh
# e.g. "Ugh, the sky went magenta again."
problem-dislike: pas terrible
problem-dislike: pas top
problem-dislike: pas fou
problem-dislike: pas folichon
problem-dislike: pas [tres] (heureux|heureuse|content|contente
    |satisfaite?) (de|du|des|avec)
problem-dislike: [un|des|quelques|gros] doutes? (sur|sur le|quant)
# e.g. "J'ai un doute sur la musique."
problem-dislike: [i'm|je suis] (hesitant|mitige|mitigee|partage|partagee
    |perplexe|puzzled|confused)
problem-dislike: je doute
problem-dislike: drags?
# e.g. "The pacing drags in the middle."
problem-dislike: dragging
problem-dislike: forgot
# e.g. "You forgot the end card."
problem-dislike: forgotten
problem-dislike: a des annees-lumiere (de|du|des|d')
# e.g. "Le rythme est à des années-lumière du teaser."
problem-dislike: (<!pas )loin (d'etre|du|des|de (la|l'|ce|notre|nos
    |ce que))(! ?(date|deadline|livraison|diffusion|rendu|delai)\b) [(fini
    |finie|pret|prete|termine|terminee|bon|bonne|ok)]
# e.g. "C'est encore loin d'être prêt pour la télé."
problem-dislike: on est loin
# e.g. "On est loin de ce que le client a validé en prémontage."
problem-dislike: loin du compte
problem-dislike: pas du tout (celui|celle|ceux|ca
    |le |la |les |ce |convaincue?s?|juste|raccord|bon|bonne|lisible|clair
    |claire|homogenes?|coherente?s?|fidele?s?|au niveau|aboutie?s?)
# e.g. "Pas du tout lisible sur un téléphone."

problem-defect: [je ne suis] pas d'accord
# e.g. "Pas d'accord avec la coupe à 00:45, on perd l'info."
problem-defect: presque (bon|bonne|parfait|parfaite|ok|fini|finie|ca|la)
# e.g. "C'est presque parfait, il manque juste le logo."
problem-defect: sous-exposee?s?
problem-defect: (isn't|is not|aren't|are not|wasn't|n'est pas
    |ne sont pas) (the|le|la|les|l'|our|notre|nos) (brand|right|correct|same
    |approved|good|bonne?s?|official|officielle?|new|nouvelle?|final|latest
    |licensed|cleared|valide)
# e.g. "The font on the end card isn't the brand font."
problem-defect: pourquoi (le|la|les|l'|on|il|elle|ca|est-ce|c'est)
# e.g. "Pourquoi le logo est si petit ?"
problem-defect: (is|are|looks|est|sont) [too|very|really|quite|a bit|trop|tres
    |vraiment|un peu] (obvious|noticeable|distracting|apparent|flagrante?
    |voyante?)
# e.g. "The sky replacement is obvious in shot 12."
problem-defect: se voit
problem-defect: on [la|le|les] voit trop
problem-defect: (<!la )(<!cette )(<!autre )(<!meme )(<!nouvelle )typos?
# e.g. "Typo ok, approved 👍"
problem-defect: (click|pop|clic)s? (at|on|in|a|au|sur)
# e.g. "Audio pops on every cut in the second half."
problem-defect: popping
problem-defect: glitch(es|y)?
# e.g. "Glitch gone, signed off."
problem-defect: artefacts?
problem-defect: artifacts?
problem-defect: noise
problem-defect: noisy
problem-defect: aliasing
problem-defect: (le |un |the |a )[black|white] flash\b
# e.g. "Il y a un flash blanc à 00:00:33."
problem-defect: buried
problem-defect: deux fois
problem-defect: en double
problem-defect: doubled
problem-defect: s'est effondree?
problem-defect: a la va-vite
problem-defect: (frames?|images?) (of|de) (black|noir)
problem-defect: moins d'une seconde
problem-defect: a peine (une demi-seconde|une seconde|`[0-9]+` (secondes?
    |images?))
# e.g. "Le prix reste à peine une seconde à l'écran."
problem-defect: ne raccorde(nt)? pas
problem-defect: raccorde(nt)? mal
problem-defect: (n'est|ne sont) pas livree?s?
problem-defect: (musique|music|vo|voix|voice|track|logo|titre
    |title)s? (temporaire|temp|provisoire|de travail|placeholder)
problem-defect: mid-(note|word|sentence|phrase)
problem-defect: mispronounc(e|es|ed|ing)
problem-defect: mal prononcee?
problem-defect: (sort|sortent) (de la|du|des) (zone|cadre|safe|marges?)
problem-defect: hors (zone|cadre|safe|marges?)
problem-defect: sautes? d'image
problem-defect: un saut
problem-defect: crache(nt)?
problem-defect: passe(nt)? (derriere|sous)
problem-defect: dans le champ
problem-defect: plutot qu
problem-defect: au lieu de
problem-defect: (says|dit|reads|shows|affiche) `[^.!?\n]{1,40}` (but|mais
    |alors que|whereas) `[^.!?\n]{1,40}` (says|dit|reads|shows|affiche)
problem-defect: faux
# e.g. "Le carton de fin est faux."
problem-defect: fausses?
problem-defect: erreurs?
# e.g. "Pas d'erreur, pas de souci, validé."
problem-defect: il manque
# e.g. "Il manque la mention légale."
problem-defect: (manque|manquent) (dans|sur|au|aux|en)
# e.g. "L'accent sur « Élodie » manque dans le générique."
problem-defect: (il|elle) s'appelle
# e.g. "C'est écrit Dupond dans le synthé, il s'appelle Dupont."
problem-defect: (ca|son nom|le nom) s'ecrit (avec|sans)
problem-defect: on (entend|voit) [parfaitement|bien|tres bien|clairement|encore] (le
    |la|les|l'|un|une|des) (talkie|clap|micro|perche|perchman|regie|equipe
    |technicien|reflet|camera|cadreur|pied)
# e.g. "On entend parfaitement le talkie de la régie."
problem-defect: manque (le|la|les|l'|un|une|des|du|de|d')
# e.g. "Il manque la mention légale."
problem-defect: decalee?s?(! (a|au|a la|jusqu'a) (`[0-9]`|(demain|lundi|mardi
    |mercredi|jeudi|vendredi|samedi|dimanche|la semaine|plus tard)\b))
# e.g. "Le carton est DÉCALÉ."
problem-defect: hors synchro
problem-defect: en retard(<!on est en retard)(<!suis en retard)
    (<!sommes en retard)
problem-defect: bave
problem-defect: baveux
problem-defect: bavures?
problem-defect: poussieres?
problem-defect: rayures?
problem-defect: gresille
problem-defect: souffle
# e.g. "On entend un souffle sur l'interview."
problem-defect: clics?
# e.g. "Il y a un clic juste avant le titre, right before the cut."
problem-defect: claquements?
problem-defect: craquements?
problem-defect: parasites?
problem-defect: bruits?
problem-defect: larsen
problem-defect: ombre (de|du|sur)
problem-defect: reflets?
problem-defect: tremblee?
problem-defect: tremblements?
problem-defect: instables?
problem-defect: illisibles?
problem-defect: inaudibles?
problem-defect: difficile a (lire|entendre|comprendre|voir)
problem-defect: cache(nt)? (le|la|les|l')
problem-defect: couvre(nt)? [(completement|totalement|presque|un peu)] (le|la
    |les|l')
# e.g. "Les effets couvrent complètement le dialogue à la fin."
problem-defect: masque(nt)? (le|la|les|l')
problem-defect: deborde(nt)?
problem-defect: depasse(nt)? (du|de la|des|le|la|les|l')
problem-defect: clignote(nt)?
# e.g. "Le titre clignote."
problem-defect: scintille(nt)?
problem-defect: s'arrete(nt)? net
problem-defect: a l'envers
problem-defect: vire(nt)? (au|a l'|a la|sur le|vers le)
problem-defect: tire(nt)? (sur|vers) le
problem-defect: [beaucoup|bien|nettement|un peu] (plus|moins) (forte?s?
    |faibles?|sombres?|claire?s?|saturee?s?|rapides?|lente?s?|basse?s?
    |haute?s?) que
problem-defect: pas [du tout] fidele?s?
problem-defect: (toujours|encore) (l'ancien(ne)?|le meme|la meme|celle|celui)
problem-defect: l'ancien(ne)? (version|logo|musique|carton|prix|date|generique
    |mix|etalonnage|lut|voix|vo|packshot|titre|charte)
problem-defect: faux raccords?
problem-defect: (de nouveau|a nouveau|est revenue?|sont revenue?s|revient
    |reviennent|reapparai(t|ssent)|est de retour)(! (demain|lundi|vers|sur|a
    |de|en)\b)
problem-defect: on [n'|ne] (entend|voit|lit) (pas|plus|rien|mal)
problem-defect: ca fait (un|une) (blanc|trou|saut|creux)
problem-defect: coupen?t? (un|le|la|les|l') ?(mot|phrase|fin|dialogue|debut
    |son)
problem-defect: mal (!a\b)`[a-z0-9]+`
# e.g. "Pas mal du tout, validé."
problem-defect: ne va pas
problem-defect: ca va pas
problem-defect: on (entend|voit) (le|la|les|l'|un|une|des|encore)
# e.g. "On entend un souffle sur l'interview."
problem-defect: (pas|plus) de @element
# e.g. "Toujours pas de logo."
problem-defect: <sentence>(pas|not) (cette|ce|cet|ces|this|that
    |these) @element
# e.g. "Non. Pas ce logo."
problem-defect: (<!avec ou )sans @element
# e.g. "Toujours sans sous-titres sur la version web."
problem-defect: (ne |n')(correspond|colle|marche|fonctionne|match)(ent)? pas
problem-defect: (ne |n')[me|nous] (va|convient|plait) pas
# e.g. "Ça ne me convient pas du tout."
problem-defect: pas (raccord|synchro|lisible|conforme|propre|net|nette
    |terrible|top|fou|folichon|ouf)
# e.g. "C'est pas net sur le plan 3."

notes: remarques?
# e.g. "Aucune remarque."
notes: retours?
# e.g. "Je n'ai plus de retour."
notes: comments
# e.g. "No comments from legal yet."
notes: commentaires?
notes: feedback
# e.g. "Waiting on the client's feedback."
notes: corrections?
# e.g. "Je n'ai aucune correction à demander."
notes: modifs?
notes: modifications?
notes: a (signaler|dire|redire|reprocher|toucher)
# e.g. "Rien à redire."
notes: de plus
# e.g. "Bravo. Le carton final, une seconde de plus svp."
notes: d'autres

reject: refus(e|es|ee|ees|er)?
reject: declined?
reject: nope
reject: non valide

praise: bravo
# e.g. "👏👏 bravo l'équipe, c'est validé"
praise: j'adore
praise: j'aime
praise: adore
praise: beau (travail|boulot)
praise: belle
# e.g. "Étalonnage validé, très belle lumière."
praise: magnifique
praise: nickel
# e.g. "Nickel, on livre."
praise: nikel
praise: impeccable
praise: beaucoup mieux
# e.g. "C'est beaucoup mieux, validé."
praise: bien mieux
# e.g. "Bien mieux, validé !"
praise: tres bien
# e.g. "Pas besoin de le refaire, c'est très bien."
praise: tres beau
# e.g. "Très beau, juste le son un peu fort à la fin."
praise: trop (bien|beau|belle|cool|top|bon)
praise: c'est bien(! (la|le|les|l'|un|une|ca|ce|cette|ces|moi|toi|lui|nous
    |vous|eux|elle|ici|celle|celui)\b)
praise: bien joue
praise: chapeau
praise: felicitations
praise: congrats
praise: sublime
praise: splendide
praise: rend [tres|super] bien
praise: pile poil
praise: [la|le] meilleure?
praise: (c'est|est|sont) [beaucoup|bien|vraiment] mieux
# e.g. "C'est beaucoup mieux, validé."
praise: on point
praise: pas mal
# e.g. "Pas mal du tout, validé."
praise: fab
praise: fabulous

fine: ok
# e.g. "Pas ok."
fine: conforme
fine: dans les clous
fine: propre

right: raccord
right: synchro
# e.g. "Les sous-titres ne sont pas synchro."
right: colle
right: marche
# e.g. "Ça marche, merci."
right: fonctionne
right: lisible
# e.g. "Pas du tout lisible sur un téléphone."
right: readable
right: legible
right: audible
right: clear
# e.g. "Legal has seen it, all clear."
right: clair
right: net
# e.g. "C'est pas net sur le plan 3."
right: nette
right: la bonne
# e.g. "Non, c'est bien la bonne musique."
right: le bon
# e.g. "Juste un souci : le logo n'est pas le bon."

done: repris
# e.g. "Tout est repris dans la nouvelle version."
done: mise? a jour
done: fait
# e.g. "Fait, tu peux regarder."
done: pris en compte
done: (sera|seront) (la|en place|integree?s?|posee?s?|calee?s?)
# e.g. "Ce sera ok dès que les sous-titres seront intégrés."

not-found: ^plus (de|d'|aucune?)
# e.g. "Plus aucun souci sur le mix, encore merci !"
not-found: \b(il n'y a|n'y a|y a) plus (de|d'|aucune?)

negator-none: je ne (vois|trouve|remarque|entends) plus

element: sous-titres?
# e.g. "Les sous-titres ne sont pas synchro."
element: logo
# e.g. "Logo flou."
element: musique
# e.g. "La musique traîne."
element: son
# e.g. "@01:05 son"
element: vo
# e.g. "Too much reverb on the VO."
element: voix off
element: credits?
# e.g. "Validé, restent les crédits à mettre à jour."
element: generique
# e.g. "C'est top à part le générique."
element: packshot
# e.g. "Approved pending the new packshot."
element: titre
# e.g. "Le titre clignote."
element: mentions
# e.g. "Pas validé : il manque les mentions légales."
element: carton
# e.g. "Le carton est DÉCALÉ."
element: sfx
element: jingle
# e.g. "Though the jingle now starts over the last line."
element: synthe
element: etalonnage
# e.g. "Qui s'occupe de l'étalonnage ?"
element: typo
# e.g. "Typo ok, approved 👍"
element: prix
# e.g. "Le prix reste à peine une seconde à l'écran."
element: vf
# e.g. "Quelqu'un a validé la VF ?"
element: vost
element: voix
# e.g. "La voix est TROP FORTE"
element: mention
# e.g. "Il manque la mention légale."
element: plans?
# e.g. "Enlever le deuxième plan."
element: voix off definitive

negator: pas
# e.g. "Pas ok."
negator: rien
# e.g. "Rien à redire."
negator: aucune?s?
# e.g. "Aucune remarque."
negator: jamais
negator: sans
# e.g. "Tu préfères avec ou sans sous-titres ?"
negator: ni
negator: impossible
negator: unable
negator: non
# e.g. "Non. Pas ce logo."
negator: personne
negator: plus aucune?
# e.g. "Plus aucun souci sur le mix, encore merci !"

ne: \b(ne\b|n'(=`[a-z0-9]`))
# e.g. "On ne change rien."

plus: plus
# e.g. "Plus rien à corriger."

yet: encore(! (merci|bravo|une fois|un grand merci|felicitations|super|top)\b)
# e.g. "Pas encore, demain matin."
yet: pour l'instant
# e.g. "Aucun retour de l'agence pour l'instant."
yet: pour le moment
yet: jusqu'ici

now: maintenant
# e.g. "Le mix est parfait maintenant, mais merci de vérifier la V3 demain."
now: desormais
# e.g. "Grade's lovely. Mais désormais le générique passe avant le logo."
now: dorenavant

platform: telechargement
# e.g. "Le lien de téléchargement est cassé."
platform: telecharger
platform: mot de passe
platform: access
platform: acces
platform: la page
platform: app
platform: `frame\.?io`
