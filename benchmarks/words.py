"""Word lists for the synthetic corpus: names, places, outlets and the language of litigation."""

from __future__ import annotations


def _split(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _split("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra
Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol
Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Dorothy Jason Rebecca Edward Sharon
Jeffrey Laura Ryan Cynthia Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Brenda
Stephen Emma Larry Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine Samuel Christine
Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia Dennis Heather
Jerry Helen Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan Joyce Henry Lauren Zachary
Kelly Douglas Christina Peter Ruth Kyle Joan Noah Virginia Ethan Judith Jeremy Evelyn Christian Hannah
Walter Andrea Keith Megan Austin Cheryl Roger Jacqueline Terry Madison Sean Teresa Gerald Abigail
Carl Sophia Dylan Martha Harold Sara Jordan Gloria Jesse Janice Bryan Kathryn Lawrence Ann Arthur
Isabella Gabriel Judy Bruce Charlotte Logan Julia Billy Grace Joe Amber Alan Alice Juan Jean Elijah
Denise Willie Frances Albert Danielle Wayne Marilyn Randy Natalie Mason Beverly Vincent Diana Liam
Brittany Roy Theresa Bobby Kayla Caleb Alexis Bradley Doris Russell Lori Lucas Tiffany Marisol Tomasz
Ngozi Priya Hiroshi Mei Rafael Lucia Dmitri Anika Kwame Leila Mateo Ingrid Soren Yusuf Aisha Chen
""")

LAST_NAMES = _split("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno
West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb
Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren
Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne
Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight
Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry
Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Guerrero
George Chapman Rios Estrada Ortega Watkins Greene Nunez Wheeler Valdez Harper Burke Larson Santiago
Maldonado Morrison Franklin Carlson Austin Dominguez Carr Lawson Jacobs Obrien Lynch Singh Vega
Bishop Montgomery Oliver Jensen Harvey Williamson Gilbert Dean Sims Espinoza Howell Li Wong Reid
Hanson Le McCoy Garrett Burton Fuller Wang Weber Welch Rojas Lucas Marquez Fields Park Yang Little
Banks Padilla Day Walsh Bowman Schultz Luna Fowler Mejia Davidson Acosta Brewer May Holland Juarez
Newman Pearson Curtis Cortez Douglas Schneider Joseph Barrett Navarro Figueroa Keller Avila Wade
Molina Stanley Hopkins Campos Barnett Bates Chambers Caldwell Beck Lambert Miranda Byrd Craig Ayala
Lowe Frazier Powers Neal Leonard Gregory Carrillo Sutton Fleming Rhodes Shelton Schwartz Norris
Jennings Watts Duran Walters Cohen McDaniel Moran Parks Steele Vaughn Becker Holt Deleon Barker
Terry Hale Leon Hail Benson Haynes Horton Miles Lyons Pham Graves Bush Thornton Wolfe Warner Cabrera
McKinney Mann Zimmerman Dawson Lara Fletcher Page McCarthy Love Robles Cervantes Solis Erickson
Okafor Nakamura Kowalski Lindqvist Oyelaran Brennan Castellanos Whitaker Szabo Delacroix Abernathy
""")

STATES = [
    ("Alabama", "Ala."), ("Arizona", "Ariz."), ("California", "Cal."), ("Colorado", "Colo."),
    ("Connecticut", "Conn."), ("Delaware", "Del."), ("Florida", "Fla."), ("Georgia", "Ga."),
    ("Illinois", "Ill."), ("Indiana", "Ind."), ("Iowa", "Iowa"), ("Kansas", "Kan."),
    ("Kentucky", "Ky."), ("Louisiana", "La."), ("Maryland", "Md."), ("Massachusetts", "Mass."),
    ("Michigan", "Mich."), ("Minnesota", "Minn."), ("Missouri", "Mo."), ("Nevada", "Nev."),
    ("New Jersey", "N.J."), ("New Mexico", "N.M."), ("New York", "N.Y."), ("North Carolina", "N.C."),
    ("Ohio", "Ohio"), ("Oklahoma", "Okla."), ("Oregon", "Or."), ("Pennsylvania", "Pa."),
    ("South Carolina", "S.C."), ("Tennessee", "Tenn."), ("Texas", "Tex."), ("Utah", "Utah"),
    ("Virginia", "Va."), ("Washington", "Wash."), ("Wisconsin", "Wis."), ("Arkansas", "Ark."),
    ("Idaho", "Idaho"), ("Maine", "Me."), ("Montana", "Mont."), ("Nebraska", "Neb."),
    ("New Hampshire", "N.H."), ("Vermont", "Vt."), ("West Virginia", "W. Va."), ("Wyoming", "Wyo."),
    ("Hawaii", "Haw."), ("Alaska", "Alaska"), ("Mississippi", "Miss."), ("Rhode Island", "R.I."),
]  # fmt: skip

DISTRICTS = ["Northern", "Southern", "Eastern", "Western", "Middle", "Central"]

COUNTIES = _split("""
Maricopa Fulton Cobb Gwinnett DeKalb Wayne Oakland Macomb Kent Dane Milwaukee Waukesha Clark Washoe
Philadelphia Allegheny Montgomery Bucks Chester Delaware Lancaster Erie Cuyahoga Franklin Hamilton
Summit Harris Dallas Tarrant Bexar Travis Collin Denton Cook DuPage Lake Will Kane Hennepin Ramsey
Dakota Anoka King Pierce Snohomish Spokane Multnomah Lane Marion Jackson Denver Arapahoe Jefferson
Adams Boulder Larimer Douglas Pima Pinal Yavapai Mohave Coconino Orange Riverside Sacramento Fresno
Alameda Kern Ventura Broward Miami-Dade Palm Hillsborough Pinellas Duval Polk Brevard Volusia Wake
Mecklenburg Guilford Forsyth Durham Richland Charleston Greenville Shelby Davidson Knox Fairfax
Loudoun Henrico Chesterfield Baltimore Frederick Howard Suffolk Nassau Westchester Monroe Onondaga
Albany Erie Essex Bergen Hudson Middlesex Monmouth Ocean Passaic Camden Burlington Mercer Salt Utah
""")

CITIES = _split("""
Phoenix Atlanta Detroit Lansing Madison Milwaukee Philadelphia Pittsburgh Harrisburg Cleveland Columbus
Houston Dallas Austin Chicago Minneapolis Seattle Portland Denver Tucson Sacramento Miami Tampa Raleigh
Charlotte Charleston Nashville Memphis Richmond Baltimore Albany Buffalo Newark Trenton Boston Hartford
Providence Omaha Wichita Louisville Lexington Indianapolis Cincinnati Reno Boise Helena Cheyenne Anchorage
Honolulu Jackson Birmingham Montgomery Tallahassee Savannah Augusta Knoxville Norfolk Annapolis Dover
""")

OUTLET_WORDS = _split("""
Patriot Liberty Eagle Frontier Beacon Sentinel Herald Ledger Tribune Courier Clarion Standard Dispatch
Chronicle Gazette Observer Examiner Monitor Signal Torch Compass Summit Heartland Cardinal Sovereign
Meridian Vanguard Pioneer Keystone Granite Prairie Canyon Harbor Lighthouse Bulwark Federalist Republic
Union Commonwealth Constitution Independence Freedom Truth Insight Epoch Horizon Pinnacle Anchor
""")

ORG_SUFFIXES = [
    "Media Group, Inc.", "Networks, LLC", "Broadcasting Co.", "News Network", "Publishing Corp.",
    "Digital Media LLC", "Radio Holdings", "Television Inc.", "Foundation", "Action Fund",
    "Voting Systems Corp.", "Election Services, Inc.", "Technologies LLC", "Analytics Group",
    "Institute", "Alliance", "PAC", "Productions LLC", "Press", "Podcast Network",
]  # fmt: skip

LAW_FIRM_SUFFIXES = ["LLP", "& Associates", "PLLC", "Law Group", "P.C.", "Legal Defense Fund"]

PUBLISHERS = [
    "The New York Times", "The Washington Post", "The Wall Street Journal", "Reuters", "Associated Press",
    "Politico", "NPR", "CNN", "Bloomberg", "The Atlanta Journal-Constitution", "Detroit Free Press",
    "Milwaukee Journal Sentinel", "The Arizona Republic", "The Denver Post", "The Philadelphia Inquirer",
    "Houston Chronicle", "Chicago Tribune", "Los Angeles Times", "The Guardian", "ProPublica",
    "Law360", "Courthouse News Service", "The Daily Beast", "Axios", "BBC News", "ABC News",
    "Minneapolis Star Tribune", "Las Vegas Review-Journal", "Tampa Bay Times", "The Boston Globe",
]  # fmt: skip

#: The language of the coverage, most common first (Zipf-weighted when drawn).
VOCAB = _split("""
election fraud claims court case lawsuit voting machines false defamation statements judge evidence
ballots votes counted state federal attorney lawyer campaign president statement said complaint
motion dismiss hearing ruling sanctions order appeal filed discovery deposition testimony witness
damages million settlement jury trial verdict network broadcast interview conference counsel client
county officials audit recount certified results software servers hacking algorithm rigged stolen
conspiracy theory allegations baseless untrue misleading reckless malice actual knowledge truth
retraction apology correction reporting coverage host guests viewers audience ratings executives
producers emails messages texts memo internal documents records subpoena privilege waiver protective
confidential redacted exhibit affidavit declaration sworn perjury contempt disbarment suspension
license bar discipline grievance committee ethics professional conduct rule violation frivolous
pleading brief argument reply opposition summary judgment standing jurisdiction venue transfer remand
removal stay injunction restraining emergency petition writ mandamus certiorari supreme appellate
circuit panel opinion dissent concurrence majority precedent statute amendment constitutional speech
press freedom public figure negligence opinion hyperbole fact verifiable republication repeated
amplified promoted shared posted tweeted streamed aired published printed quoted cited paid fees
costs expenses attorneys experts forensic analysis report findings conclusions review investigation
inquiry probe prosecutor indictment charges arrest plea guilty pardon clemency commutation sentence
probation fine restitution penalty monetary award compensatory punitive nominal presumed reputation
harm injury threats harassment security safety family home moved hiding fear death threatened
poll workers election workers clerks secretary board commission canvass certify electors slate
legislature hearing testimony sworn video footage suitcases ballots counted twice water main break
dead voters illegal aliens foreign interference venezuela china servers germany frankfurt raid
dominion smartmatic voting company manufacturer contractor vendor equipment tabulators scanners
signature verification mail absentee provisional drop boxes deadline extension postmark curing
witnessed observers partisan bipartisan chain custody logs seals tamper evident forensic image
vote switching flipped deleted adjusted weighted fractional votes algorithm source code backdoor
""")

FILING_TITLES = [
    "Complaint for defamation and demand for jury trial",
    "Amended complaint",
    "Motion to dismiss for lack of personal jurisdiction",
    "Motion to dismiss for failure to state a claim",
    "Special motion to dismiss under the anti-SLAPP statute",
    "Memorandum in support of motion to dismiss",
    "Memorandum in opposition to motion to dismiss",
    "Reply in support of motion to dismiss",
    "Motion to compel discovery responses",
    "Motion for protective order",
    "Motion for sanctions under Rule 11",
    "Motion for summary judgment",
    "Cross-motion for partial summary judgment",
    "Answer and affirmative defenses",
    "Notice of appearance of counsel",
    "Notice of withdrawal of counsel",
    "Notice of supplemental authority",
    "Joint status report",
    "Stipulated scheduling order",
    "Declaration in support of motion",
    "Affidavit of service",
    "Letter to the court regarding discovery dispute",
    "Motion to seal exhibits",
    "Motion to transfer venue",
    "Motion for leave to file amicus brief",
    "Notice of appeal",
    "Brief of appellant",
    "Brief of appellee",
    "Petition for rehearing en banc",
    "Motion to stay proceedings pending appeal",
    "Proposed findings of fact and conclusions of law",
    "Motion in limine to exclude expert testimony",
    "Deposition designations",
    "Pretrial statement",
    "Joint stipulation of dismissal with prejudice",
]  # fmt: skip

EXHIBIT_TITLES = [
    "Internal campaign memo on voting machine claims",
    "Email chain between campaign staff",
    "Transcript of television broadcast",
    "Screenshots of social media posts",
    "Text messages between hosts and producers",
    "Expert report on voting machine software",
    "County audit report",
    "Hand recount results",
    "Affidavit of poll watcher",
    "Video footage from the counting center",
    "Press release",
    "Retraction demand letter",
    "Cease and desist letter",
    "Declaration of election official",
    "Forensic examination report",
]  # fmt: skip

RULING_TITLES = {
    "opinion": ["Memorandum opinion", "Opinion on motion to dismiss", "Opinion on summary judgment"],
    "order": ["Order on motion to compel", "Scheduling order", "Order denying motion to dismiss",
              "Order granting protective order", "Minute order", "Order on motion to transfer"],
    "sanctions_order": ["Opinion and order granting motions for sanctions", "Order imposing sanctions"],
    "suspension_order": ["Order of interim suspension", "Order suspending license to practice law"],
    "disbarment_order": ["Order of disbarment"],
    "judgment": ["Final judgment", "Judgment on the jury verdict", "Default judgment"],
    "other": ["Order on stipulation", "Order of reference to magistrate judge"],
}  # fmt: skip

EVENT_TITLES = {
    "news_conference": "News conference on the {topic}",
    "interview": "Interview on the {topic}",
    "meeting": "Meeting at the White House on the {topic}",
    "statement": "Public statement about the {topic}",
    "hearing": "Legislative hearing on the {topic}",
    "arrest": "Arrest on charges related to the {topic}",
    "pardon": "Pardon announced",
    "settlement": "Settlement announced",
    "other": "Rally about the {topic}",
}

TOPICS = [
    "election results",
    "voting machines",
    "ballot counting",
    "the recount",
    "the audit",
    "the lawsuit",
    "mail ballots",
    "election workers",
    "the certification",
    "the broadcast",
]

QUOTE_TEMPLATES = [
    "There is no evidence that {a} {b} changed a single vote in {place}",
    "We stand by our reporting on {a} and {b}",
    "The {a} was {b}, and everyone in that room knew it",
    "I never said the {a} were {b}; I said we had questions",
    "This case was never about {a}; it was about {b}",
    "They knew the {a} claims were false and they kept {b} them anyway",
    "Our clients have been threatened because of these {a} lies about {b}",
    "We will prove in court that the {a} {b} story was invented",
    "The {a} showed no sign of {b} in any county we examined",
    "I had no reason to doubt what I was told about the {a}",
    "You cannot repeat a {a} lie on the air and call it {b}",
    "The evidence of {a} is overwhelming and the {b} is a disgrace",
    "We made a mistake in our coverage of {a} and we regret it",
    "The court finds that counsel acted in bad faith in filing the {a} complaint",
    "Nothing in the record supports the claims about {a} or {b}",
    "My life has been turned upside down since the {a} segment aired",
]  # fmt: skip

CONTEXTS = [
    "Asked at a deposition whether the campaign had checked the claims",
    "From the opening of the ruling",
    "In a statement after the settlement was announced",
    "On air, the night after the election",
    "Answering a reporter's question about the lawsuit",
    "In an email to colleagues",
    "In a sworn declaration filed with the motion",
    "At a news conference outside the courthouse",
]  # fmt: skip

APPROX_WORDS = ["late last week", "early that month", "about two weeks earlier", "in the spring", "around then"]
