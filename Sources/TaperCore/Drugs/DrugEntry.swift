/// A medicine the drug dictionary knows: its generic name, every other name clinicians write for it, its
/// class, and how a plan file gives it.
public struct DrugEntry: Hashable, Sendable, Identifiable {
  /// The generic name, lower case: "methotrexate", "co-trimoxazole". Stable: rules refer to it.
  public var id: String
  /// How the name is printed: "Methotrexate", "Co-trimoxazole", "IVIG".
  public var displayName: String
  public var drugClass: DrugClass
  public var plannedAs: PlannedAs
  /// Brands, abbreviations, salts and other spellings that mean this drug at the same strength.
  public var names: [DrugName]
  /// Where the names and the class come from.
  public var source: String
  /// The entry a name means when it carries an oral form word ("methylprednisolone tablets" is not the
  /// intravenous pulse).
  public var oralForm: String? = nil
  /// The entry a name means when it says subcutaneous ("immunoglobulin subcutaneous" is not the IVIG course).
  public var subcutaneousForm: String? = nil

  /// Every name of the entry, the generic first.
  public var allNames: [String] { [id] + names.map(\.text) }
}

/// One name of a drug and what kind of name it is.
public struct DrugName: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    /// A brand, with the country or region where it is sold ("UK", "US", "EU").
    case brand(String)
    /// An abbreviation clinicians write ("MTX", "AZA").
    case abbreviation
    /// A salt or ester named with the drug, dosed as the drug itself ("methotrexate sodium").
    case salt
    /// Another spelling: an older British name, the American name, a common variant.
    case spelling
  }

  public var text: String
  public var kind: Kind

  public static func brand(_ text: String, _ region: String) -> DrugName { DrugName(text: text, kind: .brand(region)) }
  public static func abbreviation(_ text: String) -> DrugName { DrugName(text: text, kind: .abbreviation) }
  public static func salt(_ text: String) -> DrugName { DrugName(text: text, kind: .salt) }
  public static func spelling(_ text: String) -> DrugName { DrugName(text: text, kind: .spelling) }

  /// "brand (UK)", "abbreviation".
  public var kindText: String {
    switch kind {
    case .brand(let region): "brand (\(region))"
    case .abbreviation: "abbreviation"
    case .salt: "salt"
    case .spelling: "spelling"
    }
  }
}

/// The pharmacological class of a dictionary entry: what the interaction and steroid rules look at.
public enum DrugClass: String, Hashable, Sendable, CaseIterable {
  case systemicCorticosteroid = "systemic corticosteroid"
  case localCorticosteroid = "inhaled or topical corticosteroid (not systemic)"
  case conventionalDMARD = "conventional synthetic DMARD"
  case calcineurinInhibitor = "calcineurin inhibitor"
  case topicalCalcineurinInhibitor = "topical calcineurin inhibitor (not systemic)"
  case alkylatingAgent = "alkylating agent"
  case biologic = "biological agent"
  case immunoglobulin = "immunoglobulin"
  case folate = "folate supplement"
  case folinicAcid = "folinic acid (not a folic acid substitute)"
  case xanthineOxidaseInhibitor = "xanthine oxidase inhibitor"
  case antifolateAntibacterial = "antifolate antibacterial"
  case calciumVitaminD = "calcium and vitamin D"
  case bisphosphonate = "bisphosphonate"
  case protonPumpInhibitor = "proton-pump inhibitor"
  case antimalarial = "antimalarial"
  case macrolide = "macrolide antibacterial"
  case azoleAntifungal = "azole antifungal"
  case nsaid = "non-steroidal anti-inflammatory drug"
  case salicylate = "salicylate (aspirin)"
  case antimicrobial = "antimicrobial"
  case otherImmunosuppressant = "other immunosuppressant"
}

/// How a plan file gives a dictionary drug.
public enum PlannedAs: Hashable, Sendable {
  /// As its own `drug:` entry, with Taper's dose and schedule rules.
  case checked(DrugKind)
  /// As `drug: other` with its `name`: shown, its dose not checked, but known to the interaction rules.
  case other
}
