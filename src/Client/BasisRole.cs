using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>How the checked subject stands in the case a measure rests on (<c>as</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<BasisRole>))]
public enum BasisRole
{
    /// <summary>The judgment debtor itself (<c>debtor</c>).</summary>
    Debtor,

    /// <summary>The listed unit's legal representative (<c>legal_representative</c>).</summary>
    LegalRepresentative,

    /// <summary>The listed unit's principal (<c>principal</c>).</summary>
    Principal,

    /// <summary>The listed unit's actual controller (<c>actual_controller</c>).</summary>
    ActualController,

    /// <summary>The person directly responsible (<c>directly_responsible</c>).</summary>
    DirectlyResponsible,

    /// <summary>A related person named as director (<c>director</c>).</summary>
    Director,

    /// <summary>A related person named as supervisor (<c>supervisor</c>).</summary>
    Supervisor,

    /// <summary>A related person named as senior manager (<c>senior_manager</c>).</summary>
    SeniorManager,
}
