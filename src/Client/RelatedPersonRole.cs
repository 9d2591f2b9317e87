using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>How a related person stands to the applicant of a check under a <c>+A</c> measure.</summary>
[JsonConverter(typeof(WireEnumConverter<RelatedPersonRole>))]
public enum RelatedPersonRole
{
    /// <summary>The unit's legal representative (<c>legal_representative</c>).</summary>
    LegalRepresentative,

    /// <summary>The unit's actual controller (<c>actual_controller</c>).</summary>
    ActualController,

    /// <summary>A director (<c>director</c>).</summary>
    Director,

    /// <summary>A supervisor (<c>supervisor</c>).</summary>
    Supervisor,

    /// <summary>A senior manager (<c>senior_manager</c>).</summary>
    SeniorManager,

    /// <summary>The unit's principal (<c>principal</c>).</summary>
    Principal,
}
