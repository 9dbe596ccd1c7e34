import { Module } from '@nestjs/common';
import { CourseCatalog } from './course-catalog.service.js';
import { CourseSnapshotsRepository } from './course-snapshots.repository.js';
import { CourseFilesController } from './course-files.controller.js';
import { CoursesController } from './courses.controller.js';
import { TrainerPagesController } from './trainer.pages.controller.js';

@Module({
  controllers: [CoursesController, CourseFilesController, TrainerPagesController],
  providers: [CourseCatalog, CourseSnapshotsRepository],
  exports: [CourseCatalog],
})
export class CoursesModule {}
