-- A stairwell light (楼道灯) is the building's own fixture, fixed by the captain or the property company;
-- a street light (路灯) belongs to the city. Residents looked for 楼道灯 and found only 路灯, so the
-- stairwell light gets its own category under 设施维修, with the street light's SLAs and department.
INSERT INTO report_categories (parent_id, code, name_zh, name_en, sort, default_department_id)
SELECT parent_id, 'repair.stairwell_light', '楼道灯', 'Stairwell light', 21, default_department_id
FROM report_categories WHERE code = 'repair.street_light';
--> statement-breakpoint
UPDATE report_categories SET name_en = 'Street light', sort = 25 WHERE code = 'repair.street_light';
--> statement-breakpoint
INSERT INTO report_category_slas (category_id, level, ack_hours, resolve_hours)
SELECT n.id, s.level, s.ack_hours, s.resolve_hours
FROM report_category_slas s
JOIN report_categories o ON o.id = s.category_id AND o.code = 'repair.street_light'
CROSS JOIN report_categories n
WHERE n.code = 'repair.stairwell_light';
