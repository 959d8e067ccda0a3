/// The drug dictionary's data: every drug of the seed and the co-medications a myositis plan carries.
///
/// To add a brand or an abbreviation, add one line to the entry's `names` (`.brand("Name", "UK")`). Names
/// are matched after normalisation (see ``DrugDictionary``), so write each once, as it is printed; case,
/// spacing, hyphens and look-alike letters need no variants. A salt belongs here only when its doses are
/// written as the drug itself (methotrexate sodium: yes; dexamethasone sodium phosphate, whose strength is
/// stated as the phosphate on some labels: no — it still resolves to dexamethasone as a name containing it).
///
/// Sources: BNF (bnf.nice.org.uk, monographs and "Glucocorticoid therapy"), the electronic Medicines
/// Compendium (emc, UK SmPCs and brand names), DailyMed/FDA labels (US brands), MHRA Drug Safety Updates,
/// and `shared/clinical-notes.md`.
extension DrugDictionary {
  static let entries: [DrugEntry] = [
    // MARK: Seed drugs, planned with Taper's rules

    DrugEntry(
      id: "methylprednisolone", displayName: "Methylprednisolone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.methylprednisolone),
      names: [
        .salt("methylprednisolone sodium succinate"), .brand("Solu-Medrone", "UK"), .brand("Solu-Medrol", "US"),
        .abbreviation("IVMP"), .spelling("IV methylprednisolone"), .spelling("intravenous methylprednisolone"),
        .spelling("methylpred"), .brand("Urbason", "EU"), .brand("A-Methapred", "US"),
      ],
      source: "seed (methylprednisolone sodium succinate 1 g IV); emc SmPC Solu-Medrone; DailyMed Solu-Medrol",
      oralForm: "oral methylprednisolone"),
    DrugEntry(
      id: "prednisolone", displayName: "Prednisolone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.prednisolone),
      names: [
        .salt("prednisolone sodium phosphate"), .abbreviation("pred"), .brand("Deltacortril", "UK"),
        .brand("Prednesol", "UK"),
        .brand("Deltastab", "UK"), .brand("Veripred", "US"), .brand("Prelone", "US"), .brand("Solupred", "EU"),
        .brand("Decortin H", "EU"), .brand("Solu-Decortin H", "EU"), .brand("Prednisolut", "EU"),
        .spelling("prednisolonum"), .abbreviation("P/lone"),
        .brand("Pevanti", "UK"), .brand("Dispersol", "UK"), .brand("Millipred", "US"), .brand("Orapred", "US"),
        .brand("Pediapred", "US"), .brand("Flo-Pred", "US"), .spelling("prednisolone EC"),
        .spelling("prednisolone gastro-resistant"),
      ],
      source: "seed; BNF prednisolone; emc (Deltacortril Gastro-resistant, Pevanti); DailyMed (Millipred, Orapred)"),
    DrugEntry(
      id: "prednisone", displayName: "Prednisone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.prednisolone),
      names: [
        .brand("Deltasone", "US"), .brand("Rayos", "US"), .brand("Lodotra", "UK"), .brand("Decortin", "EU"),
        .brand("Cortancyl", "EU"), .brand("Panafcort", "AU"), .brand("Sterapred", "US"), .spelling("prednisonum"),
      ],
      source: "BNF Glucocorticoid therapy (prednisone 5 mg ≡ prednisolone 5 mg); DailyMed (Rayos); emc (Lodotra)"),
    DrugEntry(
      id: "methotrexate", displayName: "Methotrexate", drugClass: .conventionalDMARD,
      plannedAs: .checked(.methotrexate),
      names: [
        .salt("methotrexate sodium"), .salt("methotrexate disodium"), .abbreviation("MTX"),
        .brand("Maxtrex", "UK"), .brand("Metoject", "UK"), .brand("Nordimet", "UK"), .brand("Zlatal", "UK"),
        .brand("Jylamvo", "UK"), .brand("Methofill", "UK"), .brand("Metex", "EU"), .brand("Lantarel", "EU"),
        .brand("Emthexate", "EU"), .brand("Ledertrexate", "EU"), .brand("Novatrex", "EU"), .brand("Imeth", "EU"),
        .brand("Metojectpen", "EU"), .brand("Trexan", "EU"), .brand("Methoblastin", "AU"), .spelling("methotrexatum"),
        .brand("Ebetrex", "EU"), .brand("Namaxir", "EU"),
        .brand("Otrexup", "US"), .brand("Rasuvo", "US"), .brand("Trexall", "US"), .brand("Xatmep", "US"),
        .brand("RediTrex", "US"), .brand("Rheumatrex", "US"), .spelling("amethopterin"),
      ],
      source: "seed; MHRA Drug Safety Update Sept 2020 (once weekly); emc and DailyMed brand lists"),
    DrugEntry(
      id: "folic acid", displayName: "Folic acid", drugClass: .folate, plannedAs: .checked(.folicAcid),
      names: [.spelling("folate"), .spelling("folic"), .spelling("pteroylglutamic acid"), .brand("Lexpec", "UK")],
      source: "seed (folic acid supplementation recommended with methotrexate [72]); BNF folic acid; emc Lexpec"),
    DrugEntry(
      id: "azathioprine", displayName: "Azathioprine", drugClass: .conventionalDMARD,
      plannedAs: .checked(.azathioprine),
      names: [
        .salt("azathioprine sodium"), .abbreviation("AZA"), .brand("Imuran", "UK"), .brand("Azamune", "UK"),
        .brand("Immunoprin", "UK"), .brand("Azasan", "US"), .brand("Imurel", "EU"), .brand("Imurek", "EU"),
        .brand("Azafalk", "EU"), .brand("Jayempi", "UK"),
      ],
      source: "seed; BNF azathioprine; emc (Imuran, Azamune); DailyMed (Azasan)"),
    DrugEntry(
      id: "mycophenolate mofetil", displayName: "Mycophenolate mofetil", drugClass: .conventionalDMARD,
      plannedAs: .checked(.mycophenolate),
      names: [
        .spelling("mycophenolate"), .abbreviation("MMF"), .brand("CellCept", "UK"), .brand("Myfenax", "UK"),
        .brand("Arzip", "UK"),
      ],
      source: "seed; BNF mycophenolate mofetil; emc (CellCept, Myfenax, Arzip)"),
    DrugEntry(
      id: "mycophenolic acid", displayName: "Mycophenolic acid", drugClass: .conventionalDMARD,
      plannedAs: .checked(.mycophenolicAcid),
      names: [
        .spelling("mycophenolate sodium"), .abbreviation("EC-MPS"), .spelling("enteric-coated mycophenolate sodium"),
        .brand("Myfortic", "UK"), .brand("Ceptava", "UK"),
      ],
      source: "emc SmPC Myfortic and Ceptava (gastro-resistant mycophenolic acid; 720 mg ≈ 1 g mycophenolate mofetil, "
        + "not interchangeable mg for mg)"),
    DrugEntry(
      id: "ivig", displayName: "IVIG", drugClass: .immunoglobulin, plannedAs: .checked(.ivig),
      names: [
        .spelling("normal immunoglobulin human"), .spelling("human normal immunoglobulin"),
        .spelling("intravenous immunoglobulin"), .spelling("immunoglobulin"), .abbreviation("IVIg"),
        .abbreviation("IgIV"), .brand("Privigen", "UK"), .brand("Octagam", "UK"), .brand("Gamunex", "UK"),
        .brand("Intratect", "UK"), .brand("Kiovig", "UK"), .brand("Flebogamma", "UK"), .brand("Panzyga", "UK"),
        .brand("Gammaplex", "UK"), .brand("Iqymune", "UK"), .brand("Gammagard", "US"), .brand("Gammaked", "US"),
        .brand("Bivigam", "US"), .brand("Asceniv", "US"), .brand("Yimmugo", "EU"), .brand("Alyglo", "US"),
        .brand("Carimune", "US"), .brand("Ig Vena", "EU"), .spelling("gamma globulin"),
      ],
      source: "seed (normal immunoglobulin human 2 g/kg); NHS England immunoglobulin commissioning guidance; emc",
      subcutaneousForm: "subcutaneous immunoglobulin"),
    DrugEntry(
      id: "ciclosporin", displayName: "Ciclosporin", drugClass: .calcineurinInhibitor,
      plannedAs: .checked(.specialist(.ciclosporin)),
      names: [
        .spelling("cyclosporine"), .spelling("cyclosporin"), .abbreviation("CsA"), .abbreviation("CyA"),
        .brand("Cicloral", "EU"), .brand("Equoral", "EU"), .brand("Neoral", "UK"),
        .brand("Sandimmun", "UK"), .brand("Capimune", "UK"), .brand("Deximune", "UK"), .brand("Vanquoral", "UK"),
        .brand("Sandimmune", "US"), .brand("Gengraf", "US"),
      ],
      source: "seed; BNF ciclosporin (prescribe by brand); emc; DailyMed"),
    DrugEntry(
      id: "tacrolimus", displayName: "Tacrolimus", drugClass: .calcineurinInhibitor,
      plannedAs: .checked(.specialist(.tacrolimus)),
      names: [
        .abbreviation("FK506"), .spelling("tacro"), .brand("Crilomus", "EU"), .brand("Prograf", "UK"),
        .brand("Adoport", "UK"), .brand("Advagraf", "UK"),
        .brand("Envarsus", "UK"), .brand("Modigraf", "UK"), .brand("Capexion", "UK"), .brand("Tacni", "UK"),
        .brand("Dailiport", "UK"), .brand("Astagraf", "US"),
      ],
      source: "seed; BNF tacrolimus (MHRA: prescribe and dispense by brand); emc; DailyMed"),
    DrugEntry(
      id: "rituximab", displayName: "Rituximab", drugClass: .biologic, plannedAs: .checked(.specialist(.rituximab)),
      names: [
        .abbreviation("RTX"), .spelling("ritux"), .brand("Blitzima", "EU"), .brand("Ritemvia", "EU"),
        .brand("Riximyo", "EU"), .brand("MabThera", "UK"), .brand("Truxima", "UK"), .brand("Rixathon", "UK"),
        .brand("Ruxience", "UK"), .brand("Rituxan", "US"), .brand("Riabni", "US"),
      ],
      source: "seed; BNF rituximab; emc; DailyMed"),
    DrugEntry(
      id: "cyclophosphamide", displayName: "Cyclophosphamide", drugClass: .alkylatingAgent,
      plannedAs: .checked(.specialist(.cyclophosphamide)),
      names: [
        .abbreviation("CYC"), .abbreviation("CTX"), .abbreviation("IVCYC"), .spelling("cyclophos"),
        .brand("Endoxan", "EU"), .brand("Cytoxan", "US"), .brand("Procytox", "CA"), .brand("Neosar", "US"),
      ],
      source: "seed; BNF cyclophosphamide; DailyMed"),
    DrugEntry(
      id: "abatacept", displayName: "Abatacept", drugClass: .biologic, plannedAs: .checked(.specialist(.abatacept)),
      names: [.brand("Orencia", "UK")], source: "seed; BNF abatacept; emc Orencia"),
    DrugEntry(
      id: "tocilizumab", displayName: "Tocilizumab", drugClass: .biologic,
      plannedAs: .checked(.specialist(.tocilizumab)),
      names: [
        .abbreviation("TCZ"), .spelling("toci"), .brand("RoActemra", "UK"), .brand("Tyenne", "UK"),
        .brand("Avtozma", "EU"), .brand("Actemra", "US"), .brand("Tofidence", "US"),
      ],
      source: "seed; BNF tocilizumab; emc; DailyMed"),

    // MARK: Other systemic corticosteroids: checked `drug:` entries with dose_mg and route

    DrugEntry(
      id: "oral methylprednisolone", displayName: "Methylprednisolone (oral or intramuscular)",
      drugClass: .systemicCorticosteroid, plannedAs: .checked(.corticosteroid(.methylprednisolone)),
      names: [
        .spelling("methylprednisolone tablets"), .salt("methylprednisolone acetate"), .brand("Medrone", "UK"),
        .brand("Depo-Medrone", "UK"), .brand("Medrol", "US"), .brand("Depo-Medrol", "US"),
      ],
      source: "BNF methylprednisolone (oral; intramuscular acetate); emc (Medrone, Depo-Medrone); DailyMed Medrol"),
    DrugEntry(
      id: "dexamethasone", displayName: "Dexamethasone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.corticosteroid(.dexamethasone)),
      names: [
        .brand("Decadron", "US"), .brand("Dexsol", "UK"), .brand("Martapan", "UK"), .brand("Neofordex", "UK"),
        .brand("Glensoludex", "UK"), .brand("Hemady", "US"), .brand("Dexabliss", "US"), .spelling("dexameth"),
        .brand("TaperDex", "US"), .brand("Dexpak", "US"), .brand("Fortecortin", "EU"), .brand("Baycadron", "US"),
        .abbreviation("Dex"),
      ],
      source: "BNF dexamethasone; emc; DailyMed"),
    DrugEntry(
      id: "hydrocortisone", displayName: "Hydrocortisone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.corticosteroid(.hydrocortisone)),
      names: [
        .salt("hydrocortisone sodium succinate"), .spelling("cortisol"), .spelling("hydrocort"),
        .brand("A-Hydrocort", "US"), .brand("Solu-Cortef", "UK"),
        .brand("Efcortesol", "UK"), .brand("Hydrocortone", "UK"), .brand("Plenadren", "UK"), .brand("Alkindi", "UK"),
        .brand("Cortef", "US"),
      ],
      source: "BNF hydrocortisone; emc; DailyMed"),
    DrugEntry(
      id: "deflazacort", displayName: "Deflazacort", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.corticosteroid(.deflazacort)),
      names: [.brand("Calcort", "UK"), .brand("Emflaza", "US"), .brand("Dezacor", "EU"), .brand("Zamene", "EU")],
      source: "BNF deflazacort; emc Calcort; DailyMed"),
    DrugEntry(
      id: "betamethasone", displayName: "Betamethasone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.corticosteroid(.betamethasone)),
      names: [
        .brand("Betnesol", "UK"), .brand("Betnelan", "UK"), .brand("Celestone", "US"), .brand("Diprospan", "EU"),
      ],
      source: "BNF betamethasone (soluble tablets, injection); emc Betnesol"),
    DrugEntry(
      id: "triamcinolone", displayName: "Triamcinolone", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.corticosteroid(.triamcinolone)),
      names: [.salt("triamcinolone acetonide"), .brand("Kenalog", "UK"), .brand("Adcortyl", "UK")],
      source: "BNF triamcinolone (depot intramuscular injection for flares; 4 mg ≡ 5 mg prednisolone)"),
    DrugEntry(
      id: "cortisone", displayName: "Cortisone acetate", drugClass: .systemicCorticosteroid,
      plannedAs: .checked(.corticosteroid(.cortisone)),
      names: [.salt("cortisone acetate"), .brand("Cortone", "US")],
      source: "BNF glucocorticoid therapy (cortisone acetate 25 mg ≡ prednisolone 5 mg)"),

    // MARK: Corticosteroids that are not systemic (shown as `other`, never summed)

    DrugEntry(
      id: "beclometasone", displayName: "Beclometasone", drugClass: .localCorticosteroid, plannedAs: .other,
      names: [
        .spelling("beclomethasone"), .brand("Clenil", "UK"), .brand("Qvar", "UK"), .brand("Fostair", "UK"),
        .brand("Beconase", "UK"),
      ],
      source: "BNF beclometasone (inhaled, nasal)"),
    DrugEntry(
      id: "budesonide", displayName: "Budesonide", drugClass: .localCorticosteroid, plannedAs: .other,
      names: [
        .brand("Pulmicort", "UK"), .brand("Symbicort", "UK"), .brand("Entocort", "UK"), .brand("Budenofalk", "UK"),
        .brand("Jorveza", "UK"), .brand("Cortiment", "UK"),
      ],
      source: "BNF budesonide (inhaled; gut-targeted oral forms with low systemic availability)"),
    DrugEntry(
      id: "fluticasone", displayName: "Fluticasone", drugClass: .localCorticosteroid, plannedAs: .other,
      names: [
        .brand("Flixotide", "UK"), .brand("Seretide", "UK"), .brand("Relvar", "UK"), .brand("Flixonase", "UK"),
        .brand("Avamys", "UK"), .brand("Flovent", "US"), .brand("Advair", "US"),
      ],
      source: "BNF fluticasone (inhaled, nasal)"),
    DrugEntry(
      id: "mometasone", displayName: "Mometasone", drugClass: .localCorticosteroid, plannedAs: .other,
      names: [.brand("Asmanex", "UK"), .brand("Elocon", "UK"), .brand("Nasonex", "UK")],
      source: "BNF mometasone (inhaled, nasal, topical)"),
    DrugEntry(
      id: "ciclesonide", displayName: "Ciclesonide", drugClass: .localCorticosteroid, plannedAs: .other,
      names: [.brand("Alvesco", "UK")], source: "BNF ciclesonide (inhaled)"),
    DrugEntry(
      id: "clobetasol", displayName: "Clobetasol", drugClass: .localCorticosteroid, plannedAs: .other,
      names: [.spelling("clobetasol propionate"), .brand("Dermovate", "UK"), .brand("Clobex", "US")],
      source: "BNF clobetasol (topical)"),
    DrugEntry(
      id: "topical prednisolone", displayName: "Prednisolone (eye drops or rectal)",
      drugClass: .localCorticosteroid, plannedAs: .other,
      names: [
        .brand("Pred Forte", "UK"), .brand("Predsol", "UK"), .brand("Predenema", "UK"), .brand("Predfoam", "UK"),
      ],
      source: "BNF prednisolone (eye drops, rectal preparations)"),
    DrugEntry(
      id: "topical betamethasone", displayName: "Betamethasone (topical)", drugClass: .localCorticosteroid,
      plannedAs: .other,
      names: [
        .spelling("betamethasone valerate"), .spelling("betamethasone dipropionate"), .brand("Betnovate", "UK"),
        .brand("Diprosone", "UK"), .brand("Dovobet", "UK"),
      ],
      source: "BNF betamethasone (topical)"),
    DrugEntry(
      id: "topical tacrolimus", displayName: "Tacrolimus ointment", drugClass: .topicalCalcineurinInhibitor,
      plannedAs: .other, names: [.brand("Protopic", "UK")],
      source: "BNF tacrolimus (topical); emc Protopic — used for dermatomyositis skin disease"),

    // MARK: Co-medications of a myositis plan: `other` medicines the rules recognise

    DrugEntry(
      id: "folinic acid", displayName: "Folinic acid", drugClass: .folinicAcid, plannedAs: .other,
      names: [
        .spelling("calcium folinate"), .spelling("leucovorin"), .spelling("levofolinic acid"),
        .spelling("calcium levofolinate"), .spelling("levoleucovorin"), .brand("Refolinon", "UK"),
      ],
      source: "BNF calcium folinate (methotrexate rescue; not interchangeable with folic acid)"),
    DrugEntry(
      id: "allopurinol", displayName: "Allopurinol", drugClass: .xanthineOxidaseInhibitor, plannedAs: .other,
      names: [.brand("Zyloric", "UK"), .brand("Uricto", "UK"), .brand("Zyloprim", "US"), .brand("Aloprim", "US")],
      source: "BNF allopurinol (interaction: azathioprine dose to one quarter)"),
    DrugEntry(
      id: "febuxostat", displayName: "Febuxostat", drugClass: .xanthineOxidaseInhibitor, plannedAs: .other,
      names: [.brand("Adenuric", "UK"), .brand("Uloric", "US"), .brand("Feburic", "EU")],
      source: "BNF febuxostat; emc Adenuric SmPC (azathioprine: not recommended)"),
    DrugEntry(
      id: "trimethoprim", displayName: "Trimethoprim", drugClass: .antifolateAntibacterial, plannedAs: .other,
      names: [.abbreviation("TMP"), .brand("Trimopan", "UK"), .brand("Monotrim", "UK"), .brand("Primsol", "US")],
      source: "BNF trimethoprim (interaction with methotrexate: bone-marrow toxicity)"),
    DrugEntry(
      id: "co-trimoxazole", displayName: "Co-trimoxazole", drugClass: .antifolateAntibacterial, plannedAs: .other,
      names: [
        .spelling("sulfamethoxazole trimethoprim"), .spelling("trimethoprim sulfamethoxazole"),
        .spelling("sulphamethoxazole trimethoprim"), .abbreviation("SMX-TMP"), .abbreviation("TMP-SMX"),
        .brand("Septrin", "UK"), .brand("Bactrim", "US"), .brand("Septra", "US"), .brand("Fectrim", "UK"),
        .abbreviation("Cotrim"),
      ],
      source: "BNF co-trimoxazole (interaction with methotrexate: bone-marrow toxicity)"),
    DrugEntry(
      id: "calcium and vitamin d", displayName: "Calcium and vitamin D", drugClass: .calciumVitaminD,
      plannedAs: .other,
      names: [
        .spelling("calcium with vitamin d"), .spelling("calcium carbonate and colecalciferol"),
        .spelling("calcium and colecalciferol"), .brand("Adcal-D3", "UK"), .brand("Calcichew-D3", "UK"),
        .brand("Calcichew-D3 Forte", "UK"), .brand("Accrete D3", "UK"), .brand("Kalcipos-D", "UK"),
        .brand("Calceos", "UK"), .brand("TheiCal-D3", "UK"), .brand("Evacal D3", "UK"), .brand("Cacit D3", "UK"),
        .brand("Natecal D3", "UK"), .brand("Caltrate", "US"), .brand("Os-Cal", "US"),
      ],
      source: "BNF calcium with colecalciferol (bone protection with long-term glucocorticoids)"),
    DrugEntry(
      id: "colecalciferol", displayName: "Colecalciferol", drugClass: .calciumVitaminD, plannedAs: .other,
      names: [
        .spelling("cholecalciferol"), .spelling("vitamin d"), .spelling("vitamin d3"), .spelling("ergocalciferol"),
        .brand("Fultium-D3", "UK"), .brand("InVita D3", "UK"), .brand("Desunin", "UK"), .brand("Aviticol", "UK"),
        .brand("Stexerol-D3", "UK"),
      ],
      source: "BNF colecalciferol"),
    DrugEntry(
      id: "calcium carbonate", displayName: "Calcium carbonate", drugClass: .calciumVitaminD, plannedAs: .other,
      names: [.brand("Adcal", "UK"), .brand("Calcichew", "UK")], source: "BNF calcium carbonate"),
    DrugEntry(
      id: "alendronic acid", displayName: "Alendronic acid", drugClass: .bisphosphonate, plannedAs: .other,
      names: [
        .spelling("alendronate"), .salt("alendronate sodium"), .brand("Fosamax", "UK"), .brand("Binosto", "UK"),
        .brand("Fosavance", "UK"),
      ],
      source: "BNF alendronic acid"),
    DrugEntry(
      id: "risedronate", displayName: "Risedronate sodium", drugClass: .bisphosphonate, plannedAs: .other,
      names: [.salt("risedronate sodium"), .spelling("risedronic acid"), .brand("Actonel", "UK")],
      source: "BNF risedronate sodium"),
    DrugEntry(
      id: "ibandronic acid", displayName: "Ibandronic acid", drugClass: .bisphosphonate, plannedAs: .other,
      names: [.spelling("ibandronate"), .brand("Bonviva", "UK"), .brand("Boniva", "US")], source: "BNF ibandronic acid"),
    DrugEntry(
      id: "zoledronic acid", displayName: "Zoledronic acid", drugClass: .bisphosphonate, plannedAs: .other,
      names: [.spelling("zoledronate"), .brand("Aclasta", "UK"), .brand("Zometa", "UK"), .brand("Reclast", "US")],
      source: "BNF zoledronic acid"),
    DrugEntry(
      id: "omeprazole", displayName: "Omeprazole", drugClass: .protonPumpInhibitor, plannedAs: .other,
      names: [.brand("Losec", "UK"), .brand("Mepradec", "UK"), .brand("Prilosec", "US")], source: "BNF omeprazole"),
    DrugEntry(
      id: "esomeprazole", displayName: "Esomeprazole", drugClass: .protonPumpInhibitor, plannedAs: .other,
      names: [.brand("Nexium", "UK"), .brand("Emozul", "UK")], source: "BNF esomeprazole"),
    DrugEntry(
      id: "lansoprazole", displayName: "Lansoprazole", drugClass: .protonPumpInhibitor, plannedAs: .other,
      names: [.brand("Zoton", "UK"), .brand("Prevacid", "US")], source: "BNF lansoprazole"),
    DrugEntry(
      id: "pantoprazole", displayName: "Pantoprazole", drugClass: .protonPumpInhibitor, plannedAs: .other,
      names: [.brand("Protium", "UK"), .brand("Protonix", "US")], source: "BNF pantoprazole"),
    DrugEntry(
      id: "rabeprazole", displayName: "Rabeprazole", drugClass: .protonPumpInhibitor, plannedAs: .other,
      names: [.salt("rabeprazole sodium"), .brand("Pariet", "UK"), .brand("Aciphex", "US")], source: "BNF rabeprazole"),
    DrugEntry(
      id: "hydroxychloroquine", displayName: "Hydroxychloroquine", drugClass: .antimalarial, plannedAs: .other,
      names: [
        .abbreviation("HCQ"), .salt("hydroxychloroquine sulfate"), .salt("hydroxychloroquine sulphate"),
        .brand("Plaquenil", "UK"), .brand("Quinoric", "UK"),
      ],
      source: "BNF hydroxychloroquine (dermatomyositis skin disease)"),
    DrugEntry(
      id: "subcutaneous immunoglobulin", displayName: "Subcutaneous immunoglobulin", drugClass: .immunoglobulin,
      plannedAs: .other,
      names: [
        .abbreviation("SCIG"), .spelling("SC immunoglobulin"), .spelling("immunoglobulin subcutaneous"),
        .spelling("subcutaneous human normal immunoglobulin"), .spelling("subcutaneous normal immunoglobulin"),
        .brand("Hizentra", "UK"), .brand("HyQvia", "UK"), .brand("Cuvitru", "UK"),
        .brand("Xembify", "US"),
      ],
      source: "emc (Hizentra, HyQvia): subcutaneous, not the seed's intravenous 2 g/kg course"),

    // MARK: Interaction partners (the interaction table names them by class)

    DrugEntry(
      id: "clarithromycin", displayName: "Clarithromycin", drugClass: .macrolide, plannedAs: .other,
      names: [.brand("Klaricid", "UK"), .brand("Biaxin", "US")], source: "BNF clarithromycin (CYP3A4 inhibitor)"),
    DrugEntry(
      id: "erythromycin", displayName: "Erythromycin", drugClass: .macrolide, plannedAs: .other,
      names: [.brand("Erythrocin", "UK"), .brand("Erymax", "UK"), .brand("Ery-Tab", "US"), .brand("Erythroped", "UK")],
      source: "BNF erythromycin (CYP3A4 inhibitor)"),
    DrugEntry(
      id: "fluconazole", displayName: "Fluconazole", drugClass: .azoleAntifungal, plannedAs: .other,
      names: [.brand("Diflucan", "UK")], source: "BNF fluconazole (CYP3A4 inhibitor)"),
    DrugEntry(
      id: "itraconazole", displayName: "Itraconazole", drugClass: .azoleAntifungal, plannedAs: .other,
      names: [.brand("Sporanox", "UK")], source: "BNF itraconazole (CYP3A4 inhibitor)"),
    DrugEntry(
      id: "voriconazole", displayName: "Voriconazole", drugClass: .azoleAntifungal, plannedAs: .other,
      names: [.brand("Vfend", "UK")], source: "BNF voriconazole (CYP3A4 inhibitor)"),
    DrugEntry(
      id: "posaconazole", displayName: "Posaconazole", drugClass: .azoleAntifungal, plannedAs: .other,
      names: [.brand("Noxafil", "UK")], source: "BNF posaconazole (CYP3A4 inhibitor)"),
    DrugEntry(
      id: "ketoconazole", displayName: "Ketoconazole", drugClass: .azoleAntifungal, plannedAs: .other,
      names: [.brand("Nizoral", "UK")], source: "BNF ketoconazole (potent CYP3A4 inhibitor)"),
    DrugEntry(
      id: "miconazole", displayName: "Miconazole", drugClass: .azoleAntifungal, plannedAs: .other,
      names: [.brand("Daktarin", "UK")],
      source: "BNF miconazole: the oral gel is absorbed and inhibits CYP3A4 (a cream is not systemic)"),
    DrugEntry(
      id: "ibuprofen", displayName: "Ibuprofen", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Brufen", "UK"), .brand("Nurofen", "UK"), .brand("Advil", "US"), .brand("Motrin", "US")],
      source: "BNF ibuprofen"),
    DrugEntry(
      id: "naproxen", displayName: "Naproxen", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Naprosyn", "UK"), .brand("Aleve", "US"), .brand("Vimovo", "UK"), .brand("Naprogesic", "AU")],
      source: "BNF naproxen (Vimovo: with esomeprazole)"),
    DrugEntry(
      id: "diclofenac", displayName: "Diclofenac", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Voltarol", "UK"), .brand("Voltaren", "US"), .brand("Arthrotec", "UK")],
      source: "BNF diclofenac (Arthrotec: with misoprostol)"),
    DrugEntry(
      id: "meloxicam", displayName: "Meloxicam", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Mobic", "US")], source: "BNF meloxicam"),
    DrugEntry(
      id: "indometacin", displayName: "Indometacin", drugClass: .nsaid, plannedAs: .other,
      names: [.spelling("indomethacin"), .brand("Indocid", "UK"), .brand("Indocin", "US")], source: "BNF indometacin"),
    DrugEntry(
      id: "etodolac", displayName: "Etodolac", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Lodine", "UK")], source: "BNF etodolac"),
    DrugEntry(
      id: "ketoprofen", displayName: "Ketoprofen", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Oruvail", "UK")], source: "BNF ketoprofen"),
    DrugEntry(
      id: "mefenamic acid", displayName: "Mefenamic acid", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Ponstan", "UK")], source: "BNF mefenamic acid"),
    DrugEntry(
      id: "piroxicam", displayName: "Piroxicam", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Feldene", "UK")], source: "BNF piroxicam"),
    DrugEntry(
      id: "aceclofenac", displayName: "Aceclofenac", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Preservex", "UK")], source: "BNF aceclofenac"),
    DrugEntry(
      id: "ketorolac", displayName: "Ketorolac", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Toradol", "UK")], source: "BNF ketorolac"),
    DrugEntry(
      id: "nabumetone", displayName: "Nabumetone", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Relifex", "UK")], source: "BNF nabumetone"),
    DrugEntry(
      id: "dexketoprofen", displayName: "Dexketoprofen", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Keral", "UK")], source: "BNF dexketoprofen"),
    DrugEntry(
      id: "sulindac", displayName: "Sulindac", drugClass: .nsaid, plannedAs: .other, names: [], source: "BNF sulindac"),
    DrugEntry(
      id: "tenoxicam", displayName: "Tenoxicam", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Mobiflex", "UK")], source: "BNF tenoxicam"),
    DrugEntry(
      id: "flurbiprofen", displayName: "Flurbiprofen", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Froben", "UK")], source: "BNF flurbiprofen"),
    DrugEntry(
      id: "aspirin", displayName: "Aspirin", drugClass: .salicylate, plannedAs: .other,
      names: [.spelling("acetylsalicylic acid"), .abbreviation("ASA"), .brand("Disprin", "UK")],
      source: "BNF aspirin"),
    DrugEntry(
      id: "celecoxib", displayName: "Celecoxib", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Celebrex", "UK")], source: "BNF celecoxib (a COX-2 selective NSAID)"),
    DrugEntry(
      id: "etoricoxib", displayName: "Etoricoxib", drugClass: .nsaid, plannedAs: .other,
      names: [.brand("Arcoxia", "UK")], source: "BNF etoricoxib (a COX-2 selective NSAID)"),

    DrugEntry(
      id: "specific immunoglobulin", displayName: "Specific immunoglobulin", drugClass: .immunoglobulin,
      plannedAs: .other,
      names: [
        .spelling("varicella zoster immunoglobulin"), .abbreviation("VZIG"), .spelling("anti-D immunoglobulin"),
        .spelling("hepatitis B immunoglobulin"), .abbreviation("HBIG"), .spelling("tetanus immunoglobulin"),
        .spelling("rabies immunoglobulin"), .spelling("anti-thymocyte immunoglobulin"),
      ],
      source: "BNF immunoglobulins (specific immunoglobulins: not normal immunoglobulin)"),

    // MARK: Near neighbours of checked names: different medicines, kept apart from them

    DrugEntry(
      id: "belatacept", displayName: "Belatacept", drugClass: .biologic, plannedAs: .other,
      names: [.brand("Nulojix", "UK")], source: "BNF belatacept (transplant; not abatacept)"),
    DrugEntry(
      id: "voclosporin", displayName: "Voclosporin", drugClass: .calcineurinInhibitor, plannedAs: .other,
      names: [.brand("Lupkynis", "UK")], source: "BNF voclosporin (lupus nephritis; not ciclosporin)"),
    DrugEntry(
      id: "sirolimus", displayName: "Sirolimus", drugClass: .otherImmunosuppressant, plannedAs: .other,
      names: [.brand("Rapamune", "UK")], source: "BNF sirolimus (not tacrolimus)"),
    DrugEntry(
      id: "mercaptopurine", displayName: "Mercaptopurine", drugClass: .otherImmunosuppressant, plannedAs: .other,
      names: [.abbreviation("6-MP"), .brand("Xaluprine", "UK"), .brand("Purixan", "US")],
      source: "BNF mercaptopurine (the active metabolite of azathioprine; not interchangeable)"),
    DrugEntry(
      id: "cycloserine", displayName: "Cycloserine", drugClass: .antimicrobial, plannedAs: .other,
      names: [], source: "BNF cycloserine (an antituberculosis antibiotic; not ciclosporin)"),
    DrugEntry(
      id: "cetuximab", displayName: "Cetuximab", drugClass: .biologic, plannedAs: .other,
      names: [.brand("Erbitux", "UK")],
      source: "BNF cetuximab (not rituximab)"),
    DrugEntry(
      id: "siltuximab", displayName: "Siltuximab", drugClass: .biologic, plannedAs: .other,
      names: [.brand("Sylvant", "UK")],
      source: "BNF siltuximab (not rituximab)"),
    DrugEntry(
      id: "dexamethasone eye drops", displayName: "Dexamethasone eye drops", drugClass: .localCorticosteroid,
      plannedAs: .other, names: [.brand("Maxidex", "UK"), .brand("Dexafree", "UK"), .brand("Ozurdex", "UK")],
      source: "BNF dexamethasone (eye preparations)"),
    DrugEntry(
      id: "leflunomide", displayName: "Leflunomide", drugClass: .conventionalDMARD, plannedAs: .other,
      names: [.brand("Arava", "UK")], source: "BNF leflunomide"),
  ]
}
