import Foundation
import Intercom

/// The data a sandbox starts with.
enum SampleWorkspace {
    /// The admin every access token acts as.
    static let ownerID = "991267460"

    static func seed(into data: inout WorkspaceData, seed: SandboxConfiguration.Seed, now: Int64) {
        data.admins = [
            AdminRecord(
                id: ownerID,
                name: "Ada Lovelace",
                email: "ada@sandbox.example",
                jobTitle: "Support lead",
                teamIDs: seed == .sample ? ["814865"] : []
            )
        ]
        data.dataAttributes = standardAttributes.map { attribute in
            guard attribute.custom else { return attribute }
            var created = attribute
            created.adminID = ownerID
            created.createdAt = now - 90 * 86_400
            created.updatedAt = now - 90 * 86_400
            return created
        }
        data.subscriptionTypes = [
            SubscriptionTypeRecord(
                id: "37846",
                name: "Newsletter",
                description: "Monthly product news",
                consentType: "opt_out",
                defaultTranslation: "en"
            ),
            SubscriptionTypeRecord(
                id: "37847",
                name: "Product updates",
                description: "Release notes",
                consentType: "opt_in",
                defaultTranslation: "en"
            ),
        ]
        seedWorkspaceSettings(into: &data, now: now)
        guard seed == .sample else { return }

        let day: Int64 = 86_400
        data.admins += [
            AdminRecord(
                id: "991267461",
                name: "Grace Hopper",
                email: "grace@sandbox.example",
                jobTitle: "Engineer",
                teamIDs: ["814865"]
            ),
            AdminRecord(
                id: "991267462",
                name: "Alan Turing",
                email: "alan@sandbox.example",
                jobTitle: "Success manager"
            ),
        ]
        data.teams = [TeamRecord(id: "814865", name: "Support", adminIDs: [ownerID, "991267461"])]
        data.tags = [
            TagRecord(id: "7001", name: "VIP", createdAt: now - 30 * day),
            TagRecord(id: "7002", name: "Beta", createdAt: now - 20 * day),
        ]

        let companies: [CompanyRecord] = [
            CompanyRecord(
                id: "6560bd2c5f4d1a0001c0ffe1",
                companyID: "acme",
                name: "Acme Corp",
                plan: "pro",
                size: 120,
                website: "https://acme.example",
                industry: "Manufacturing",
                monthlySpend: 499,
                sessionCount: 42,
                createdAt: now - 40 * day,
                updatedAt: now - 2 * day,
                lastRequestAt: now - day,
                customAttributes: ["renewal_quarter": "Q3", "seats": 25],
                tagIDs: ["7001"]
            ),
            CompanyRecord(
                id: "6560bd2c5f4d1a0001c0ffe2",
                companyID: "globex",
                name: "Globex",
                plan: "starter",
                size: 15,
                website: "https://globex.example",
                industry: "Energy",
                monthlySpend: 49,
                sessionCount: 7,
                createdAt: now - 35 * day,
                updatedAt: now - 3 * day,
                lastRequestAt: now - 3 * day,
                customAttributes: ["renewal_quarter": "Q1"]
            ),
            CompanyRecord(
                id: "6560bd2c5f4d1a0001c0ffe3",
                companyID: "initech",
                name: "Initech",
                plan: "team",
                size: 60,
                industry: "Software",
                monthlySpend: 199,
                sessionCount: 19,
                createdAt: now - 25 * day,
                updatedAt: now - day,
                lastRequestAt: now - 2 * day,
                customAttributes: ["beta_program": true]
            ),
        ]
        for company in companies {
            data.companies[company.id] = company
            data.companyOrder.append(company.id)
        }

        func person(
            _ id: String,
            _ role: String,
            _ name: String,
            _ email: String?,
            externalID: String?,
            companies: [String] = [],
            tags: [String] = [],
            attributes: [String: JSONValue] = [:],
            age: Int64
        ) -> ContactRecord {
            var contact = ContactRecord(id: id, role: role, createdAt: now - age * day, updatedAt: now - age * day / 2)
            contact.name = name
            contact.email = email
            contact.externalID = externalID
            contact.companyIDs = companies
            contact.tagIDs = tags
            contact.customAttributes = attributes
            if role == "user" {
                contact.signedUpAt = now - age * day
                contact.lastSeenAt = now - day
            }
            return contact
        }
        let contacts = [
            person(
                "6560c0a15f4d1a0001ab0001",
                "user",
                "Margaret Hamilton",
                "margaret@acme.example",
                externalID: "user-1001",
                companies: [companies[0].id],
                tags: ["7001"],
                attributes: ["plan": "pro", "is_cool": true],
                age: 30
            ),
            person(
                "6560c0a15f4d1a0001ab0002",
                "user",
                "Katherine Johnson",
                "katherine@globex.example",
                externalID: "user-1002",
                companies: [companies[1].id],
                attributes: ["plan": "starter"],
                age: 25
            ),
            person(
                "6560c0a15f4d1a0001ab0003",
                "user",
                "Edsger Dijkstra",
                "edsger@initech.example",
                externalID: "user-1003",
                companies: [companies[2].id],
                tags: ["7002"],
                attributes: ["plan": "team", "score": 4.5],
                age: 20
            ),
            person(
                "6560c0a15f4d1a0001ab0004",
                "user",
                "Barbara Liskov",
                "barbara@acme.example",
                externalID: "user-1004",
                companies: [companies[0].id],
                attributes: ["plan": "pro"],
                age: 15
            ),
            person(
                "6560c0a15f4d1a0001ab0005",
                "lead",
                "Curious Visitor",
                "visitor@example.net",
                externalID: nil,
                attributes: ["source": "pricing page"],
                age: 5
            ),
            person("6560c0a15f4d1a0001ab0006", "lead", "Anonymous Lead", nil, externalID: nil, age: 2),
        ]
        for contact in contacts {
            data.contacts[contact.id] = contact
        }
        data.segments = [
            SegmentRecord(
                id: "5310d8e7598c9a0b24000002",
                name: "Active users",
                personType: "user",
                createdAt: now - 60 * day,
                updatedAt: now - day,
                contactIDs: contacts.filter { $0.role == "user" }.map(\.id)
            ),
            SegmentRecord(
                id: "5310d8e7598c9a0b24000003",
                name: "New leads",
                personType: "contact",
                createdAt: now - 60 * day,
                updatedAt: now - day,
                contactIDs: contacts.filter { $0.role == "lead" }.map(\.id)
            ),
        ]
        data.companies[companies[0].id]?.segmentIDs = ["5310d8e7598c9a0b24000002"]

        let margaret = contacts[0]
        var conversation = ConversationRecord(
            id: "147000000001",
            title: "Export is slow",
            createdAt: now - 3 * day,
            updatedAt: now - 2 * day,
            state: "open",
            read: true,
            priority: "not_priority",
            adminAssigneeID: Int(ownerID),
            teamAssigneeID: 814865,
            contactIDs: [margaret.id],
            sourceType: "conversation",
            sourceDeliveredAs: "customer_initiated",
            sourceBody: "Our CSV export takes minutes. Can you help?",
            sourceAuthor: AuthorRecord(type: "user", id: margaret.id, name: margaret.name, email: margaret.email)
        )
        conversation.parts = [
            PartRecord(
                id: "200000001",
                partType: "comment",
                body: "Looking into it now.",
                createdAt: now - 2 * day,
                author: AuthorRecord(type: "admin", id: ownerID, name: "Ada Lovelace", email: "ada@sandbox.example")
            )
        ]
        let closed = ConversationRecord(
            id: "147000000002",
            title: "Invoice question",
            createdAt: now - 10 * day,
            updatedAt: now - 9 * day,
            state: "closed",
            read: true,
            priority: "not_priority",
            adminAssigneeID: 991_267_461,
            teamAssigneeID: nil,
            contactIDs: [contacts[1].id],
            sourceType: "email",
            sourceDeliveredAs: "customer_initiated",
            sourceSubject: "Invoice",
            sourceBody: "Where can I download last month's invoice?",
            sourceAuthor: AuthorRecord(
                type: "user",
                id: contacts[1].id,
                name: contacts[1].name,
                email: contacts[1].email
            )
        )
        for record in [closed, conversation] {
            data.conversations[record.id] = record
            data.conversationOrder.append(record.id)
        }
        data.notes = [
            NoteRecord(
                id: "17001",
                contactID: margaret.id,
                authorID: ownerID,
                body: "Renewal call booked for next week.",
                createdAt: now - day
            )
        ]
        seedTickets(into: &data, now: now)
        seedActivity(into: &data, now: now)
        seedContent(into: &data, now: now)
        seedHelpCenter(into: &data, now: now)
        seedCalls(into: &data, now: now)
    }

    static let standardAttributes: [DataAttributeRecord] = [
        DataAttributeRecord(
            name: "email",
            fullName: "email",
            label: "Email",
            description: "The contact's email address",
            dataType: "string",
            model: "contact",
            custom: false
        ),
        DataAttributeRecord(
            name: "name",
            fullName: "name",
            label: "Name",
            description: "The contact's name",
            dataType: "string",
            model: "contact",
            custom: false
        ),
        DataAttributeRecord(
            name: "signed_up_at",
            fullName: "signed_up_at",
            label: "Signed up",
            description: "When the user signed up",
            dataType: "date",
            model: "contact",
            custom: false
        ),
        DataAttributeRecord(
            id: 10_001,
            name: "plan",
            fullName: "custom_attributes.plan",
            label: "Plan",
            description: "The contact's plan",
            dataType: "string",
            model: "contact",
            custom: true
        ),
        DataAttributeRecord(
            id: 10_002,
            name: "is_cool",
            fullName: "custom_attributes.is_cool",
            label: "Is cool",
            description: "Whether the contact is cool",
            dataType: "boolean",
            model: "contact",
            custom: true
        ),
        DataAttributeRecord(
            name: "name",
            fullName: "name",
            label: "Company name",
            description: "The company's name",
            dataType: "string",
            model: "company",
            custom: false
        ),
        DataAttributeRecord(
            id: 10_003,
            name: "seats",
            fullName: "custom_attributes.seats",
            label: "Seats",
            description: "Licensed seats",
            dataType: "integer",
            model: "company",
            custom: true
        ),
        DataAttributeRecord(
            id: 10_004,
            name: "nps_score",
            fullName: "custom_attributes.nps_score",
            label: "NPS score",
            description: "The contact's last survey score",
            dataType: "float",
            model: "contact",
            custom: true
        ),
        DataAttributeRecord(
            id: 10_006,
            name: "renewal_date",
            fullName: "custom_attributes.renewal_date",
            label: "Renewal date",
            description: "The day the company's contract renews",
            dataType: "date",
            model: "company",
            custom: true
        ),
        DataAttributeRecord(
            id: 10_007,
            name: "tier",
            fullName: "custom_attributes.tier",
            label: "Tier",
            description: "The company's support tier",
            dataType: "string",
            model: "company",
            custom: true,
            options: ["Bronze", "Silver", "Gold"]
        ),
        DataAttributeRecord(
            name: "title",
            fullName: "title",
            label: "Title",
            description: "The conversation's title",
            dataType: "string",
            model: "conversation",
            custom: false
        ),
    ]
}
